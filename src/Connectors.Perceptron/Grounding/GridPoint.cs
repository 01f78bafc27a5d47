using System.Text.Json.Serialization;

namespace Connectors.Perceptron.Grounding;

/// <summary>A point on the model's 0–1000 grid (origin top-left, independent of the image size). Equal when the coordinates are.</summary>
public readonly struct GridPoint
{
    /// <summary>Creates a point.</summary>
    /// <param name="x">The horizontal coordinate.</param>
    /// <param name="y">The vertical coordinate.</param>
    [JsonConstructor]
    public GridPoint(int x, int y)
    {
        X = x;
        Y = y;
    }

    /// <summary>Gets the horizontal coordinate.</summary>
    [JsonPropertyName("x")]
    public int X { get; }

    /// <summary>Gets the vertical coordinate.</summary>
    [JsonPropertyName("y")]
    public int Y { get; }

    /// <summary>Converts to pixels of an image of the given size by the vendor's rule.</summary>
    /// <param name="size">The image size.</param>
    /// <returns>The pixel point, clamped inside the image.</returns>
    public PixelPoint ToPixels(ImageSize size) =>
        new(GridScale.ToPixel(X, size.Width), GridScale.ToPixel(Y, size.Height));

    /// <inheritdoc/>
    public override string ToString() => $"GridPoint {{ X = {X}, Y = {Y} }}";
}
