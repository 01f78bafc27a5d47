using System.Text.Json.Serialization;

namespace Connectors.Perceptron.Grounding;

/// <summary>A box in image pixels; both corners are inside the box.</summary>
/// <param name="TopLeft">The top-left corner.</param>
/// <param name="BottomRight">The bottom-right corner.</param>
public readonly record struct PixelBox([property: JsonPropertyName("topLeft")] PixelPoint TopLeft, [property: JsonPropertyName("bottomRight")] PixelPoint BottomRight)
{
    /// <summary>Gets the horizontal extent (<c>BottomRight.X - TopLeft.X</c>).</summary>
    [JsonPropertyName("width")]
    public int Width => BottomRight.X - TopLeft.X;

    /// <summary>Gets the vertical extent (<c>BottomRight.Y - TopLeft.Y</c>).</summary>
    [JsonPropertyName("height")]
    public int Height => BottomRight.Y - TopLeft.Y;

    /// <summary>Converts back to the 0–1000 grid.</summary>
    /// <param name="size">The image size.</param>
    /// <returns>The grid box.</returns>
    public GridBox ToGrid(ImageSize size) => new(TopLeft.ToGrid(size), BottomRight.ToGrid(size));
}
