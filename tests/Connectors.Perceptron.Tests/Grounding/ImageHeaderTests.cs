using Connectors.Perceptron.Grounding;
using Microsoft.Extensions.AI;
using SkiaSharp;

namespace Connectors.Perceptron.Tests.Grounding;

public class ImageHeaderTests
{
    internal static byte[] Encode(int width, int height, SKEncodedImageFormat format, SKColor colour, int quality = 90)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(colour);
        using var data = bitmap.Encode(format, quality);
        return data.ToArray();
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Png, 37, 23)]
    [InlineData(SKEncodedImageFormat.Jpeg, 37, 23)]
    [InlineData(SKEncodedImageFormat.Jpeg, 1, 1000)]
    [InlineData(SKEncodedImageFormat.Png, 3000, 2)]
    public void ReadsEncodedImages(SKEncodedImageFormat format, int width, int height)
    {
        var bytes = Encode(width, height, format, SKColors.Teal);

        Assert.True(ImageHeader.TryReadSize(bytes, out var size));
        Assert.Equal(new ImageSize(width, height), size);
    }

    [Theory]
    [InlineData(100, "VP8L")] // lossless
    [InlineData(80, "VP8 ")]  // lossy
    public void ReadsWebP(int quality, string chunk)
    {
        var bytes = Encode(41, 17, SKEncodedImageFormat.Webp, SKColors.Orange, quality);

        Assert.Equal(chunk, System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.True(ImageHeader.TryReadSize(bytes, out var size));
        Assert.Equal(new ImageSize(41, 17), size);
    }

    [Fact]
    public void ReadsWebPExtendedHeader()
    {
        // RIFF, VP8X with flags, canvas 300x200 stored as width-1 and height-1 in 24 bits.
        byte[] bytes =
        [
            .. "RIFF"u8, 22, 0, 0, 0, .. "WEBP"u8, .. "VP8X"u8, 10, 0, 0, 0,
            0x10, 0, 0, 0, 0x2B, 0x01, 0x00, 0xC7, 0x00, 0x00,
        ];

        Assert.True(ImageHeader.TryReadSize(bytes, out var size));
        Assert.Equal(new ImageSize(300, 200), size);
    }

    [Fact]
    public void ReadsHandWrittenGif()
    {
        // A 1x1... header: "GIF89a", width 513, height 7 (little-endian), then a minimal body.
        byte[] bytes =
        [
            .. "GIF89a"u8, 0x01, 0x02, 0x07, 0x00, 0x80, 0x00, 0x00,
            0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF,
            0x2C, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x07, 0x00, 0x00,
            0x02, 0x02, 0x44, 0x01, 0x00, 0x3B,
        ];

        Assert.True(ImageHeader.TryReadSize(bytes, out var size));
        Assert.Equal(new ImageSize(513, 7), size);
    }

    [Fact]
    public void ReadsFromDataContent()
    {
        var content = new DataContent(Encode(12, 34, SKEncodedImageFormat.Png, SKColors.Black), "image/png");

        Assert.True(ImageHeader.TryReadSize(content, out var size));
        Assert.Equal(new ImageSize(12, 34), size);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF })]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47 })]
    [InlineData(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 })]
    public void RefusesWhatIsNotAnImageHeader(byte[] bytes)
    {
        Assert.False(ImageHeader.TryReadSize(bytes, out _));
    }

    [Fact]
    public void TruncatedJpegWithoutFrameHeaderIsRefused()
    {
        var bytes = Encode(37, 23, SKEncodedImageFormat.Jpeg, SKColors.Teal);

        Assert.False(ImageHeader.TryReadSize(bytes.AsSpan(0, 20), out _));
    }
}
