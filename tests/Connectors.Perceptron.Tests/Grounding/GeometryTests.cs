using Connectors.Perceptron.Grounding;

namespace Connectors.Perceptron.Tests.Grounding;

public class GeometryTests
{
    /// <summary>Results are printed in logs and notebooks: each geometry type says its values.</summary>
    [Fact]
    public void Geometry_prints_its_values()
    {
        var box = new GridBox(new GridPoint(1, 2), new GridPoint(30, 40));

        Assert.Equal("GridPoint { X = 1, Y = 2 }", new GridPoint(1, 2).ToString());
        Assert.Equal("GridBox { TopLeft = GridPoint { X = 1, Y = 2 }, BottomRight = GridPoint { X = 30, Y = 40 } }", box.ToString());
        Assert.Equal("PixelBox { TopLeft = PixelPoint { X = 1, Y = 2 }, BottomRight = PixelPoint { X = 30, Y = 40 }, Width = 29, Height = 38 }", box.ToPixels(new ImageSize(1000, 1000)).ToString());
        Assert.Equal("ImageSize { Width = 640, Height = 480 }", new ImageSize(640, 480).ToString());
    }

    [Theory]
    // value, dimension, expected pixel: round(v / 1000 * d), half to even, clamped to [0, d-1]
    [InlineData(0, 640, 0)]
    [InlineData(500, 640, 320)]
    [InlineData(1000, 640, 639)]
    [InlineData(1000, 1, 0)]
    [InlineData(250, 2, 0)]     // 0.5 -> 0 (even)
    [InlineData(750, 2, 2 - 1)] // 1.5 -> 2, clamped to 1
    [InlineData(125, 4, 0)]     // 0.5 -> 0
    [InlineData(375, 4, 2)]     // 1.5 -> 2
    [InlineData(625, 4, 2)]     // 2.5 -> 2
    [InlineData(5, 100, 0)]     // 0.5 -> 0
    [InlineData(15, 100, 2)]    // 1.5 -> 2
    [InlineData(25, 100, 2)]    // 2.5 -> 2
    [InlineData(333, 1920, 639)]
    [InlineData(999, 1080, 1079)]
    [InlineData(1200, 500, 499)] // beyond the grid: clamped
    public void GridToPixel(int value, int dimension, int expected)
    {
        var size = new ImageSize(dimension, dimension);

        Assert.Equal(new PixelPoint(expected, expected), new GridPoint(value, value).ToPixels(size));
    }

    [Theory]
    [InlineData(0, 640, 0)]
    [InlineData(320, 640, 500)]
    [InlineData(639, 640, 998)]
    [InlineData(1, 2000, 0)]    // 0.5 -> 0
    [InlineData(3, 2000, 2)]    // 1.5 -> 2
    [InlineData(5000, 100, 1000)]
    public void PixelToGrid(int pixel, int dimension, int expected)
    {
        var size = new ImageSize(dimension, dimension);

        Assert.Equal(new GridPoint(expected, expected), new PixelPoint(pixel, pixel).ToGrid(size));
    }

    [Fact]
    public void AxesUseTheirOwnDimension()
    {
        Assert.Equal(new PixelPoint(320, 120), new GridPoint(500, 500).ToPixels(new ImageSize(640, 240)));
    }

    [Fact]
    public void BoxCornersAreResorted()
    {
        var box = new GridBox(new GridPoint(800, 100), new GridPoint(200, 900));

        var pixels = box.ToPixels(new ImageSize(1000, 500));

        Assert.Equal(new PixelBox(new PixelPoint(200, 50), new PixelPoint(800, 450)), pixels);
        Assert.Equal(600, pixels.Width);
        Assert.Equal(400, pixels.Height);
        Assert.Equal(new GridBox(new GridPoint(200, 100), new GridPoint(800, 900)), pixels.ToGrid(new ImageSize(1000, 500)));
    }

    [Fact]
    public void PolygonConvertsEveryVertex()
    {
        var polygon = new GridPolygon([new GridPoint(0, 0), new GridPoint(500, 1000), new GridPoint(1000, 0)]);

        var pixels = polygon.ToPixels(new ImageSize(200, 100));

        Assert.Equal([new PixelPoint(0, 0), new PixelPoint(100, 99), new PixelPoint(199, 0)], pixels.Vertices);
        Assert.Equal([new GridPoint(0, 0), new GridPoint(500, 990), new GridPoint(995, 0)], pixels.ToGrid(new ImageSize(200, 100)).Vertices);
        Assert.Empty(default(GridPolygon).Vertices);
    }

    [Fact]
    public void ImageSizeMustBePositive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageSize(0, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageSize(10, -1));
    }
}
