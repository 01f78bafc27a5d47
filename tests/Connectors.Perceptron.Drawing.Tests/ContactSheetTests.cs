using Connectors.Perceptron.Grounding;
using Microsoft.Extensions.AI;
using SkiaSharp;

namespace Connectors.Perceptron.Drawing.Tests;

public class ContactSheetTests
{
    private static byte[] Frame(SKColor colour)
    {
        using var bitmap = new SKBitmap(100, 50);
        bitmap.Erase(colour);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static VideoFramesContent Video(int frames) =>
        new(Enumerable.Range(0, frames).Select(i => new VideoFrame(new DataContent(Frame(SKColors.White), "image/png"), TimeSpan.FromMilliseconds(i * 500))));

    [Fact]
    public void Each_frame_gets_the_boxes_of_its_time_in_its_own_cell_with_one_colour_per_object()
    {
        // A track: frame 0 box on the left half, frame 2 box on the right half; grid (0..500) of 100x50 is x 0..50.
        var track = GroundingParser.Parse(
            "<track mention=\"ball\"> <point_box t=\"0\"> (100,200) (400,800) </point_box> <point_box t=\"1.0\"> (600,200) (900,800) </point_box> </track>").Annotations;
        var options = new GroundingRendererOptions { StrokeWidth = 2, Palette = [SKColors.Red], DrawLabels = false };

        var png = GroundingRenderer.RenderContactSheetPng(Video(3), track, columns: 2, options);

        using var sheet = SKBitmap.Decode(png);
        Assert.Equal((200, 2 * (50 + 20)), (sheet.Width, sheet.Height)); // 2 columns, 2 rows, a caption under each frame
        Assert.Equal(SKColors.Red, sheet.GetPixel(10, 25));        // frame 0: left edge of its box at x 10
        Assert.Equal(SKColors.White, sheet.GetPixel(100 + 10, 25)); // frame 1 (t 0.5): no box of its own
        Assert.Equal(SKColors.Red, sheet.GetPixel(60, 70 + 25));   // frame 2, second row: left edge at x 60
        Assert.Equal(SKColors.White, sheet.GetPixel(10, 70 + 25));
    }

    [Fact]
    public void Frames_given_as_urls_cannot_be_drawn()
    {
        var video = new VideoFramesContent([new VideoFrame(new UriContent("https://example.com/a.png", "image/png"), TimeSpan.Zero), new VideoFrame(new UriContent("https://example.com/b.png", "image/png"), TimeSpan.FromSeconds(1))]);

        var error = Assert.Throws<ArgumentException>(() => GroundingRenderer.RenderContactSheetPng(video, []));

        Assert.Contains("needs the frames' bytes", error.Message, StringComparison.Ordinal);
    }
}
