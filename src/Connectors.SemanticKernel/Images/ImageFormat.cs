namespace Connectors.SemanticKernel;

/// <summary>Recognises the image formats Perceptron accepts (PNG, JPEG, WebP) by their first bytes, whatever a name or header claims.</summary>
internal static class ImageFormat
{
    /// <summary>Bytes needed to tell the formats apart.</summary>
    public const int SniffLength = 12;

    public static string? Sniff(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 8 && data[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }

        if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        {
            return "image/jpeg";
        }

        if (data.Length >= 12 && data[..4].SequenceEqual("RIFF"u8) && data.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }

        return null;
    }

    /// <summary>A short description of what the bytes are instead, for error messages.</summary>
    public static string Describe(ReadOnlySpan<byte> data) =>
        data.Length == 0 ? "empty"
        : data.Length >= 6 && (data[..6].SequenceEqual("GIF87a"u8) || data[..6].SequenceEqual("GIF89a"u8)) ? "a GIF image (convert it to PNG)"
        : data.Length >= 4 && data[..4].SequenceEqual("%PDF"u8) ? "a PDF document"
        : "not a PNG, JPEG or WebP image";
}
