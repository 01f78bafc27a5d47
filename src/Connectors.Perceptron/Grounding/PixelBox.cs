using System.Text.Json.Serialization;

namespace Connectors.Perceptron.Grounding;

/// <summary>A box in image pixels; both corners are inside the box. Equal when the corners are.</summary>
public readonly struct PixelBox
{
    /// <summary>Creates a box.</summary>
    /// <param name="topLeft">The top-left corner.</param>
    /// <param name="bottomRight">The bottom-right corner.</param>
    [JsonConstructor]
    public PixelBox(PixelPoint topLeft, PixelPoint bottomRight)
    {
        TopLeft = topLeft;
        BottomRight = bottomRight;
    }

    /// <summary>Gets the top-left corner.</summary>
    [JsonPropertyName("topLeft")]
    public PixelPoint TopLeft { get; }

    /// <summary>Gets the bottom-right corner.</summary>
    [JsonPropertyName("bottomRight")]
    public PixelPoint BottomRight { get; }

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

    /// <inheritdoc/>
    public override string ToString() =>
        $"PixelBox {{ TopLeft = {TopLeft}, BottomRight = {BottomRight}, Width = {Width}, Height = {Height} }}";
}
