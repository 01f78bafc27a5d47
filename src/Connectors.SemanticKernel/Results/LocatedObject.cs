using System.Text.Json.Serialization;
using Connectors.Perceptron.Grounding;

namespace Connectors.SemanticKernel;

/// <summary>An object found as a point.</summary>
public sealed class LocatedObject
{
    internal LocatedObject(string? label, GridPoint gridPoint, PixelPoint? pixelPoint)
    {
        Label = label;
        GridPoint = gridPoint;
        PixelPoint = pixelPoint;
    }

    /// <summary>Gets what the model says it is, or null.</summary>
    [JsonPropertyName("label")]
    public string? Label { get; }

    /// <summary>Gets the point on the model's 0–1000 grid (origin top-left), always given.</summary>
    [JsonPropertyName("gridPoint")]
    public GridPoint GridPoint { get; }

    /// <summary>Gets the point in image pixels, when the image size is known.</summary>
    [JsonPropertyName("pixelPoint")]
    public PixelPoint? PixelPoint { get; }
}
