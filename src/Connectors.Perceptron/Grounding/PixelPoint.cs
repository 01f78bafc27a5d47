using System.Text.Json.Serialization;

namespace Connectors.Perceptron.Grounding;

/// <summary>A point in image pixels (origin top-left).</summary>
/// <param name="X">The column.</param>
/// <param name="Y">The row.</param>
public readonly record struct PixelPoint([property: JsonPropertyName("x")] int X, [property: JsonPropertyName("y")] int Y)
{
    /// <summary>Converts back to the 0–1000 grid.</summary>
    /// <param name="size">The image size.</param>
    /// <returns>The grid point, clamped to 0–1000.</returns>
    public GridPoint ToGrid(ImageSize size) =>
        new(GridScale.ToGrid(X, size.Width), GridScale.ToGrid(Y, size.Height));
}
