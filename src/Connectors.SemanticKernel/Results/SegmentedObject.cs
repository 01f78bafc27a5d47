using System.Text.Json.Serialization;
using Connectors.Perceptron.Grounding;

namespace Connectors.SemanticKernel;

/// <summary>An object outlined by a polygon.</summary>
/// <param name="Label">What the model says it is, or null.</param>
/// <param name="GridPolygon">The outline on the model's 0–1000 grid (origin top-left), always given.</param>
/// <param name="PixelPolygon">The outline in image pixels, when the image size is known.</param>
public sealed record SegmentedObject(
    [property: JsonPropertyName("label")] string? Label,
    [property: JsonPropertyName("gridPolygon")] GridPolygon GridPolygon,
    [property: JsonPropertyName("pixelPolygon")] PixelPolygon? PixelPolygon);
