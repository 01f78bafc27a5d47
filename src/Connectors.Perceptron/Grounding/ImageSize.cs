using System.Text.Json.Serialization;

namespace Connectors.Perceptron.Grounding;

/// <summary>The size of an image in pixels. Equal when both dimensions are.</summary>
public readonly struct ImageSize
{
    /// <summary>Creates a size.</summary>
    /// <param name="width">The width in pixels; must be positive.</param>
    /// <param name="height">The height in pixels; must be positive.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is zero or negative.</exception>
    [JsonConstructor]
    public ImageSize(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        Width = width;
        Height = height;
    }

    /// <summary>Gets the width in pixels.</summary>
    [JsonPropertyName("width")]
    public int Width { get; }

    /// <summary>Gets the height in pixels.</summary>
    [JsonPropertyName("height")]
    public int Height { get; }

    /// <inheritdoc/>
    public override string ToString() => $"ImageSize {{ Width = {Width}, Height = {Height} }}";
}
