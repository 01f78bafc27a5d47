using System.Text.Json.Serialization;

namespace Connectors.Perceptron.Grounding;

/// <summary>
/// A box on the 0–1000 grid, as the model wrote it (first corner top-left, second bottom-right). Equal when the
/// corners are.
/// </summary>
public readonly struct GridBox
{
    /// <summary>Creates a box.</summary>
    /// <param name="topLeft">The first corner.</param>
    /// <param name="bottomRight">The second corner.</param>
    [JsonConstructor]
    public GridBox(GridPoint topLeft, GridPoint bottomRight)
    {
        TopLeft = topLeft;
        BottomRight = bottomRight;
    }

    /// <summary>Gets the first corner.</summary>
    [JsonPropertyName("topLeft")]
    public GridPoint TopLeft { get; }

    /// <summary>Gets the second corner.</summary>
    [JsonPropertyName("bottomRight")]
    public GridPoint BottomRight { get; }

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

    /// <inheritdoc/>
    public override string ToString() => $"GridBox {{ TopLeft = {TopLeft}, BottomRight = {BottomRight} }}";
}
