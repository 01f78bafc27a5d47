using System.Text.Json.Serialization;

namespace Connectors.Perceptron.Grounding;

/// <summary>A box on the 0–1000 grid, as the model wrote it (first corner top-left, second bottom-right).</summary>
/// <param name="TopLeft">The first corner.</param>
/// <param name="BottomRight">The second corner.</param>
public readonly record struct GridBox([property: JsonPropertyName("topLeft")] GridPoint TopLeft, [property: JsonPropertyName("bottomRight")] GridPoint BottomRight)
{
    /// <summary>Converts to pixels; the corners are re-sorted so that the result is well formed.</summary>
    /// <param name="size">The image size.</param>
    /// <returns>The pixel box.</returns>
    public PixelBox ToPixels(ImageSize size)
    {
        var a = TopLeft.ToPixels(size);
        var b = BottomRight.ToPixels(size);
        return new PixelBox(
            new PixelPoint(Math.Min(a.X, b.X), Math.Min(a.Y, b.Y)),
            new PixelPoint(Math.Max(a.X, b.X), Math.Max(a.Y, b.Y)));
    }
}
