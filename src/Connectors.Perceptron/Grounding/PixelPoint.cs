using System.Text.Json.Serialization;

namespace Connectors.Perceptron.Grounding;

/// <summary>A point in image pixels (origin top-left). Equal when the coordinates are.</summary>
public readonly struct PixelPoint
{
    /// <summary>Creates a point.</summary>
    /// <param name="x">The column.</param>
    /// <param name="y">The row.</param>
    [JsonConstructor]
    public PixelPoint(int x, int y)
    {
        X = x;
        Y = y;
    }

    /// <summary>Gets the column.</summary>
    [JsonPropertyName("x")]
    public int X { get; }

    /// <summary>Gets the row.</summary>
    [JsonPropertyName("y")]
    public int Y { get; }

    /// <summary>Converts back to the 0–1000 grid.</summary>
    /// <param name="size">The image size.</param>
    /// <returns>The grid point, clamped to 0–1000.</returns>
    public GridPoint ToGrid(ImageSize size) =>
        new(GridScale.ToGrid(X, size.Width), GridScale.ToGrid(Y, size.Height));

    /// <inheritdoc/>
    public override string ToString() => $"PixelPoint {{ X = {X}, Y = {Y} }}";
}
