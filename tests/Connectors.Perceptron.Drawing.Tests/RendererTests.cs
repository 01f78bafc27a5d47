using Connectors.Perceptron.Grounding;
using SkiaSharp;

namespace Connectors.Perceptron.Drawing.Tests;

public class RendererTests
{
    [Fact]
    public void BoxEdgesAreDrawnAtTheExpectedPixels()
    {
        var image = Encode(200, 100, SKEncodedImageFormat.Png, SKColors.White);
        // Grid (250,200)-(750,800) on 200x100 is pixels (50,20)-(150,80).
        var box = new BoxAnnotation(new GridBox(new GridPoint(250, 200), new GridPoint(750, 800))) { Mention = "thing" };
        var options = new GroundingRendererOptions { StrokeWidth = 2, Palette = [SKColors.Red], DrawLabels = false };

        var png = GroundingRenderer.RenderPng(image, [box], options);

        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal((200, 100), (bitmap.Width, bitmap.Height));
        Assert.Equal(SKColors.Red, bitmap.GetPixel(50, 50));   // left edge
        Assert.Equal(SKColors.Red, bitmap.GetPixel(150, 50));  // right edge
        Assert.Equal(SKColors.Red, bitmap.GetPixel(100, 20));  // top edge
        Assert.Equal(SKColors.Red, bitmap.GetPixel(100, 80));  // bottom edge
        Assert.Equal(SKColors.White, bitmap.GetPixel(100, 50)); // inside
        Assert.Equal(SKColors.White, bitmap.GetPixel(10, 10));  // outside
    }

    [Fact]
    public void PointsPolygonsAndLabelsUseOneColourPerMention()
    {
        var image = Encode(200, 200, SKEncodedImageFormat.Jpeg, SKColors.White, 100);
        var parsed = GroundingParser.Parse(
            "<point mention=\"a\"> (100,500) </point><polygon mention=\"b\"> (500,500) (900,500) (900,900) </polygon>" +
            "<point_box mention=\"a\"> (500,100) (900,300) </point_box>");
        var options = new GroundingRendererOptions { Palette = [SKColors.Blue, SKColors.Lime], StrokeWidth = 3 };

        using var output = new MemoryStream();
        GroundingRenderer.RenderPng(image, parsed.Annotations, output, options);
        using var bitmap = SKBitmap.Decode(output.ToArray());

        Assert.Equal(SKColors.Blue, bitmap.GetPixel(20, 100));   // point "a", filled centre
        Assert.Equal(SKColors.Lime, bitmap.GetPixel(150, 100));  // polygon "b", top edge
        Assert.Equal(SKColors.Blue, bitmap.GetPixel(100, 40));   // box "a", left edge
        var labelArea = CountNot(bitmap, SKColors.White, 100, 100 - 20, 140, 100);
        Assert.True(labelArea > 0, "the label of the polygon is drawn above its first vertex");
    }

    [Fact]
    public void ALabelAtTheRightEdgeMovesLeftToStayInsideTheImage()
    {
        var image = Encode(200, 100, SKEncodedImageFormat.Png, SKColors.White);
        // A box in the right tenth (pixels 180-199) whose label is far wider than the 20 pixels left of the image.
        var box = new BoxAnnotation(new GridBox(new GridPoint(900, 500), new GridPoint(1000, 900))) { Mention = "a label much wider than the room" };
        var options = new GroundingRendererOptions { StrokeWidth = 1, Palette = [SKColors.Red], LabelSize = 12 };

        using var bitmap = SKBitmap.Decode(GroundingRenderer.RenderPng(image, [box], options));

        // The tag reaches left of the box, so the whole text is drawn within the image.
        Assert.Equal(SKColors.Red, bitmap.GetPixel(100, 48));
        Assert.Equal(SKColors.Red, bitmap.GetPixel(199, 48));
    }

    [Fact]
    public void UndecodableImageIsRefused()
    {
        Assert.Throws<ArgumentException>(() => GroundingRenderer.RenderPng(new byte[] { 1, 2, 3 }, []));
    }

    private static int CountNot(SKBitmap bitmap, SKColor colour, int x0, int y0, int x1, int y1)
    {
        var count = 0;
        for (var y = y0; y < y1; y++)
        {
            for (var x = x0; x < x1; x++)
            {
                if (bitmap.GetPixel(x, y) != colour)
                {
                    count++;
                }
            }
        }

        return count;
    }

    private static byte[] Encode(int width, int height, SKEncodedImageFormat format, SKColor colour, int quality = 90)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(colour);
        using var data = bitmap.Encode(format, quality);
        return data.ToArray();
    }
}
