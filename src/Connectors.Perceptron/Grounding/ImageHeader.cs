using Connectors.Core.Media;
using Microsoft.Extensions.AI;

namespace Connectors.Perceptron.Grounding;

/// <summary>Reads an image's size from its PNG, JPEG, WebP or GIF header without decoding the image.</summary>
public static class ImageHeader
{
    /// <summary>Reads the size of an image held in a <see cref="DataContent"/>.</summary>
    /// <param name="content">The content; only its bytes are looked at.</param>
    /// <param name="size">The size when found.</param>
    /// <returns>Whether a size was found.</returns>
    public static bool TryReadSize(DataContent content, out ImageSize size)
    {
        ArgumentNullException.ThrowIfNull(content);
        return TryReadSize(content.Data.Span, out size);
    }

    /// <summary>Reads the size of an encoded PNG, JPEG, WebP or GIF image.</summary>
    /// <param name="data">The start of the file (the whole file for JPEG, whose size can come late).</param>
    /// <param name="size">The size when found.</param>
    /// <returns>Whether a size was found.</returns>
    public static bool TryReadSize(ReadOnlySpan<byte> data, out ImageSize size)
    {
        size = default;
        if (!MediaSniffer.TryReadSize(data, out var width, out var height))
        {
            return false;
        }

        size = new ImageSize(width, height);
        return true;
    }
}
