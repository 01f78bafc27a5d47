using System.Buffers.Binary;

namespace Connectors.Core.Media;

/// <summary>
/// Tells an image's type from its first bytes, whatever a name or header claims, and reads its pixel size from
/// the PNG, JPEG, WebP or GIF header without decoding it. The one place these formats are recognised.
/// </summary>
internal static class MediaSniffer
{
    /// <summary>Bytes needed to tell the formats apart.</summary>
    public const int SniffLength = 12;

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The media type of a PNG, JPEG, WebP or GIF image, or null for anything else.</summary>
    public static string? MediaType(ReadOnlySpan<byte> data) =>
        data.StartsWith(PngSignature) ? "image/png"
        : data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF ? "image/jpeg"
        : IsWebP(data) ? "image/webp"
        : IsGif(data) ? "image/gif"
        : null;

    /// <summary>The container of a video: <c>mp4</c> (an <c>ftyp</c> box at offset 4, QuickTime included) or <c>webm</c> (an EBML header), else null.</summary>
    public static string? VideoFormat(ReadOnlySpan<byte> data) =>
        data.Length >= 8 && data.Slice(4, 4).SequenceEqual("ftyp"u8) ? "mp4"
        : data.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]) ? "webm"
        : null;

    /// <summary>
    /// The format of audio: <c>wav</c> (RIFF/WAVE), <c>flac</c>, or <c>mp3</c> (an ID3 tag or an MPEG-1/2 Layer III
    /// frame header), else null; AAC, MP2, OGG and M4A are not among them.
    /// </summary>
    public static string? AudioFormat(ReadOnlySpan<byte> data) =>
        data.Length >= 12 && data.StartsWith("RIFF"u8) && data.Slice(8, 4).SequenceEqual("WAVE"u8) ? "wav"
        : data.StartsWith("fLaC"u8) ? "flac"
        : data.StartsWith("ID3"u8) ? "mp3"
        : data.Length >= 2 && data[0] == 0xFF && (data[1] & 0xE0) == 0xE0 && ((data[1] >> 3) & 0x3) is 0x3 or 0x2 && ((data[1] >> 1) & 0x3) == 0x1 ? "mp3"
        : null;

    /// <summary>Reads the size of an encoded PNG, JPEG, WebP or GIF image.</summary>
    /// <param name="data">The start of the file (the whole file for JPEG, whose size can come late).</param>
    /// <param name="width">The width in pixels when found.</param>
    /// <param name="height">The height in pixels when found.</param>
    /// <returns>Whether a positive size was found.</returns>
    public static bool TryReadSize(ReadOnlySpan<byte> data, out int width, out int height)
    {
        width = height = 0;
        if (data.Length >= 24 && data[..8].SequenceEqual(PngSignature) && data.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            width = BinaryPrimitives.ReadInt32BigEndian(data[16..]);
            height = BinaryPrimitives.ReadInt32BigEndian(data[20..]);
        }
        else if (data.Length >= 10 && IsGif(data))
        {
            width = BinaryPrimitives.ReadUInt16LittleEndian(data[6..]);
            height = BinaryPrimitives.ReadUInt16LittleEndian(data[8..]);
        }
        else if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8)
        {
            if (!TryReadJpeg(data, out width, out height))
            {
                return false;
            }
        }
        else if (data.Length >= 30 && IsWebP(data))
        {
            if (!TryReadWebP(data, out width, out height))
            {
                return false;
            }
        }
        else
        {
            return false;
        }

        return width > 0 && height > 0;
    }

    private static bool IsGif(ReadOnlySpan<byte> data) => data.StartsWith("GIF87a"u8) || data.StartsWith("GIF89a"u8);

    private static bool IsWebP(ReadOnlySpan<byte> data) => data.Length >= 12 && data.StartsWith("RIFF"u8) && data.Slice(8, 4).SequenceEqual("WEBP"u8);

    private static bool TryReadJpeg(ReadOnlySpan<byte> data, out int width, out int height)
    {
        width = height = 0;
        var i = 2;
        while (i + 4 <= data.Length)
        {
            if (data[i] != 0xFF)
            {
                return false;
            }

            var marker = data[i + 1];
            if (marker == 0xFF)
            {
                // Fill byte before a marker.
                i++;
                continue;
            }

            i += 2;
            if (marker is 0x01 or (>= 0xD0 and <= 0xD8))
            {
                // Markers without a length.
                continue;
            }

            if (marker is 0xD9 or 0xDA)
            {
                // End of image, or the scan data: no frame header came before it.
                return false;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
            if (length < 2)
            {
                return false;
            }

            // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (i + 7 > data.Length)
                {
                    return false;
                }

                height = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 3)..]);
                width = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 5)..]);
                return true;
            }

            i += length;
        }

        return false;
    }

    private static bool TryReadWebP(ReadOnlySpan<byte> data, out int width, out int height)
    {
        width = height = 0;
        var chunk = data.Slice(12, 4);
        var payload = data[20..];
        if (chunk.SequenceEqual("VP8 "u8))
        {
            // Frame tag (3 bytes), start code 9D 01 2A, then 14-bit width and height.
            if (payload.Length < 10 || payload[3] != 0x9D || payload[4] != 0x01 || payload[5] != 0x2A)
            {
                return false;
            }

            width = BinaryPrimitives.ReadUInt16LittleEndian(payload[6..]) & 0x3FFF;
            height = BinaryPrimitives.ReadUInt16LittleEndian(payload[8..]) & 0x3FFF;
            return true;
        }

        if (chunk.SequenceEqual("VP8L"u8))
        {
            // Signature 0x2F, then width-1 and height-1 as two 14-bit fields.
            if (payload.Length < 5 || payload[0] != 0x2F)
            {
                return false;
            }

            var bits = BinaryPrimitives.ReadUInt32LittleEndian(payload[1..]);
            width = (int)(bits & 0x3FFF) + 1;
            height = (int)((bits >> 14) & 0x3FFF) + 1;
            return true;
        }

        if (chunk.SequenceEqual("VP8X"u8))
        {
            // Flags (4 bytes), then canvas width-1 and height-1 as 24-bit fields.
            if (payload.Length < 10)
            {
                return false;
            }

            width = (payload[4] | (payload[5] << 8) | (payload[6] << 16)) + 1;
            height = (payload[7] | (payload[8] << 8) | (payload[9] << 16)) + 1;
            return true;
        }

        return false;
    }
}
