namespace Connectors.Emulator.Perceptron.Files;

/// <summary>
/// Tells an upload's type from its bytes, as the server does (it uses Rust's <c>infer</c>): JPEG, PNG, WebP, MP4,
/// QuickTime, WebM, WAV, MP3 and FLAC are kept; a few common others are named so the refusal can say what they are.
/// </summary>
internal static class FileSniffer
{
    public const int HeadLength = 64;

    /// <summary>The media type of an accepted kind, else null.</summary>
    public static string? Accepted(ReadOnlySpan<byte> head) => Kind(head) is var type
        && type is "image/jpeg" or "image/png" or "image/webp" or "video/mp4" or "video/quicktime" or "video/webm" or "audio/wav" or "audio/mpeg" or "audio/flac"
        ? type
        : null;

    /// <summary>What the bytes are, accepted or not, or <c>application/octet-stream</c>.</summary>
    public static string Kind(ReadOnlySpan<byte> b)
    {
        if (b.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }

        if (b.Length >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
        {
            return "image/jpeg";
        }

        if (b.Length >= 12 && b.StartsWith("RIFF"u8))
        {
            return b.Slice(8, 4).SequenceEqual("WEBP"u8) ? "image/webp" : b.Slice(8, 4).SequenceEqual("WAVE"u8) ? "audio/wav" : "application/octet-stream";
        }

        if (b.StartsWith("GIF8"u8))
        {
            return "image/gif";
        }

        if (b.Length >= 12 && b.Slice(4, 4).SequenceEqual("ftyp"u8))
        {
            return b.Slice(8, 4).SequenceEqual("qt  "u8) ? "video/quicktime" : "video/mp4";
        }

        if (b.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
        {
            return b.IndexOf("webm"u8) >= 0 ? "video/webm" : "video/x-matroska";
        }

        if (b.StartsWith("fLaC"u8))
        {
            return "audio/flac";
        }

        if (b.StartsWith("ID3"u8) || (b.Length >= 2 && b[0] == 0xFF && (b[1] & 0xE0) == 0xE0 && ((b[1] >> 1) & 0x3) == 0x1))
        {
            return "audio/mpeg";
        }

        return b.StartsWith("%PDF"u8) ? "application/pdf" : "application/octet-stream";
    }
}
