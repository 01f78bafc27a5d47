using System.Text.Json.Serialization;
using Connectors.Perceptron.Grounding;

namespace Connectors.SemanticKernel;

/// <summary>An object found with a bounding box.</summary>
/// <param name="Label">What the model says it is, or null.</param>
/// <param name="GridBox">The box on the model's 0–1000 grid (origin top-left), always given.</param>
/// <param name="PixelBox">The box in image pixels, when the image size is known.</param>
public sealed record DetectedObject(
    [property: JsonPropertyName("label")] string? Label,
    [property: JsonPropertyName("gridBox")] GridBox GridBox,
    [property: JsonPropertyName("pixelBox")] PixelBox? PixelBox);
