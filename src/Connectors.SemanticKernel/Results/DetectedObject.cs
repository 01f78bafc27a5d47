using System.Text.Json.Serialization;
using Connectors.Perceptron.Grounding;

namespace Connectors.SemanticKernel;

/// <summary>An object found with a bounding box.</summary>
public sealed class DetectedObject
{
    internal DetectedObject(string? label, GridBox gridBox, PixelBox? pixelBox)
    {
        Label = label;
        GridBox = gridBox;
        PixelBox = pixelBox;
    }

    /// <summary>Gets what the model says it is, or null.</summary>
    [JsonPropertyName("label")]
    public string? Label { get; }

    /// <summary>Gets the box on the model's 0–1000 grid (origin top-left), always given.</summary>
    [JsonPropertyName("gridBox")]
    public GridBox GridBox { get; }

    /// <summary>Gets the box in image pixels, when the image size is known.</summary>
    [JsonPropertyName("pixelBox")]
    public PixelBox? PixelBox { get; }
}
