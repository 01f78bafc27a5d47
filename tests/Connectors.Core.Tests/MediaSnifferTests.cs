using Connectors.Core.Media;

namespace Connectors.Core.Tests;

public class MediaSnifferTests
{
    private static byte[] Png(int width, int height) =>
    [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R',
        (byte)(width >> 24), (byte)(width >> 16), (byte)(width >> 8), (byte)width,
        (byte)(height >> 24), (byte)(height >> 16), (byte)(height >> 8), (byte)height, 8, 2, 0, 0, 0,
    ];

    private static byte[] Gif(int width, int height) =>
        [.. "GIF89a"u8, (byte)width, (byte)(width >> 8), (byte)height, (byte)(height >> 8), 0, 0, 0];

    private static byte[] Jpeg(int width, int height) =>
    [
        0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, // APP0 with a two-byte payload
        0xFF, 0xC0, 0, 11, 8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 1, 1, 0x11, 0,
    ];

    private static byte[] WebPLossless(int width, int height)
    {
        var bits = (uint)(width - 1) | ((uint)(height - 1) << 14);
        return [.. "RIFF"u8, 0, 0, 0, 0, .. "WEBP"u8, .. "VP8L"u8, 0, 0, 0, 0, 0x2F, (byte)bits, (byte)(bits >> 8), (byte)(bits >> 16), (byte)(bits >> 24), 0, 0, 0, 0, 0];
    }

    public static TheoryData<byte[], string, int, int> Images() => new()
    {
        { Png(640, 480), "image/png", 640, 480 },
        { Gif(32, 17), "image/gif", 32, 17 },
        { Jpeg(1024, 768), "image/jpeg", 1024, 768 },
        { WebPLossless(300, 200), "image/webp", 300, 200 },
    };

    [Theory]
    [MemberData(nameof(Images))]
    public void Tells_the_type_and_size_from_the_header(byte[] data, string mediaType, int width, int height)
    {
        Assert.Equal(mediaType, MediaSniffer.MediaType(data));
        Assert.True(MediaSniffer.TryReadSize(data, out var w, out var h));
        Assert.Equal((width, height), (w, h));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D })] // %PDF-
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47 })] // a truncated PNG signature
    public void Anything_else_is_unknown(byte[] data)
    {
        Assert.Null(MediaSniffer.MediaType(data));
        Assert.False(MediaSniffer.TryReadSize(data, out _, out _));
    }

    [Fact]
    public void A_zero_size_is_no_size() => Assert.False(MediaSniffer.TryReadSize(Png(0, 10), out _, out _));
}
