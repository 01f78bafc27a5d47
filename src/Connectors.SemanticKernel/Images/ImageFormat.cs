using Connectors.Core.Media;

namespace Connectors.SemanticKernel;

/// <summary>Recognises the image formats Perceptron accepts (PNG, JPEG, WebP) by their first bytes, whatever a name or header claims.</summary>
internal static class ImageFormat
{
    /// <summary>Bytes needed to tell the formats apart.</summary>
    public const int SniffLength = MediaSniffer.SniffLength;

    /// <summary>The media type of a PNG, JPEG or WebP image (the formats Perceptron takes), or null.</summary>
    public static string? Sniff(ReadOnlySpan<byte> data) => MediaSniffer.MediaType(data) is ("image/png" or "image/jpeg" or "image/webp") and var type ? type : null;

    /// <summary>A short description of what the bytes are instead, for error messages.</summary>
    public static string Describe(ReadOnlySpan<byte> data) =>
        data.Length == 0 ? "empty"
        : data.Length >= 6 && (data[..6].SequenceEqual("GIF87a"u8) || data[..6].SequenceEqual("GIF89a"u8)) ? "a GIF image (convert it to PNG)"
        : data.Length >= 4 && data[..4].SequenceEqual("%PDF"u8) ? "a PDF document"
        : "not a PNG, JPEG or WebP image";
}
