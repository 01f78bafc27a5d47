using System.Text.Json.Serialization;

namespace Connectors.Perceptron.Grounding;

/// <summary>A point on the model's 0–1000 grid (origin top-left, independent of the image size).</summary>
/// <param name="X">The horizontal coordinate.</param>
/// <param name="Y">The vertical coordinate.</param>
public readonly record struct GridPoint([property: JsonPropertyName("x")] int X, [property: JsonPropertyName("y")] int Y)
{
    /// <summary>Converts to pixels of an image of the given size by the vendor's rule.</summary>
    /// <param name="size">The image size.</param>
    /// <returns>The pixel point, clamped inside the image.</returns>
    public PixelPoint ToPixels(ImageSize size) =>
        new(GridScale.ToPixel(X, size.Width), GridScale.ToPixel(Y, size.Height));
}
