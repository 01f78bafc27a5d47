using Connectors.Cli.Hosting;

namespace Connectors.Cli.Mcp;

/// <summary>
/// What the server does with an image reference before the vision plugin sees it: http(s) URLs only when downloads are
/// allowed, and raw base64 turned into the data URL the plugin reads. File paths are left to the plugin, which keeps
/// them inside the allowed folders.
/// </summary>
internal sealed class McpToolPolicy
{
    public McpToolPolicy(bool allowDownloads) => AllowDownloads = allowDownloads;

    public bool AllowDownloads { get; }

    /// <summary>The reference to pass on.</summary>
    /// <exception cref="CliException">A URL while downloads are off.</exception>
    public string Admit(string reference)
    {
        var text = reference.Trim();
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return AllowDownloads
                ? text
                : throw new CliException("Image URLs are refused because this server was started without --allow-downloads: give a file path inside the allowed folders or the image as base64 instead.");
        }

        return AsDataUrl(text) ?? reference;
    }

    /// <summary>Raw base64 of a PNG, JPEG or WebP image as a data URL; null for anything else.</summary>
    private static string? AsDataUrl(string text)
    {
        if (text.Length < 16 || text.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var buffer = new byte[text.Length * 3 / 4 + 3];
        if (!Convert.TryFromBase64String(text, buffer, out var written))
        {
            return null;
        }

        ReadOnlySpan<byte> data = buffer.AsSpan(0, written);
        var mediaType =
            data.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47]) ? "image/png"
            : data.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? "image/jpeg"
            : data.Length >= 12 && data.StartsWith("RIFF"u8) && data.Slice(8, 4).SequenceEqual("WEBP"u8) ? "image/webp"
            : null;
        return mediaType is null ? null : $"data:{mediaType};base64,{text}";
    }
}
