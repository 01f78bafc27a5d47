using System.Text.Json.Serialization;
using Connectors.Perceptron.Grounding;

namespace Connectors.SemanticKernel;

/// <summary>An object found as a point.</summary>
/// <param name="Label">What the model says it is, or null.</param>
/// <param name="GridPoint">The point on the model's 0–1000 grid (origin top-left), always given.</param>
/// <param name="PixelPoint">The point in image pixels, when the image size is known.</param>
public sealed record LocatedObject(
    [property: JsonPropertyName("label")] string? Label,
    [property: JsonPropertyName("gridPoint")] GridPoint GridPoint,
    [property: JsonPropertyName("pixelPoint")] PixelPoint? PixelPoint);
