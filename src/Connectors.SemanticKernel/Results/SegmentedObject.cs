using System.Text.Json.Serialization;
using Connectors.Perceptron.Grounding;

namespace Connectors.SemanticKernel;

/// <summary>An object outlined by a polygon.</summary>
public sealed class SegmentedObject
{
    internal SegmentedObject(string? label, GridPolygon gridPolygon, PixelPolygon? pixelPolygon)
    {
        Label = label;
        GridPolygon = gridPolygon;
        PixelPolygon = pixelPolygon;
    }

    /// <summary>Gets what the model says it is, or null.</summary>
    [JsonPropertyName("label")]
    public string? Label { get; }

    /// <summary>Gets the outline on the model's 0–1000 grid (origin top-left), always given.</summary>
    [JsonPropertyName("gridPolygon")]
    public GridPolygon GridPolygon { get; }

    /// <summary>Gets the outline in image pixels, when the image size is known.</summary>
    [JsonPropertyName("pixelPolygon")]
    public PixelPolygon? PixelPolygon { get; }
}
