using System.Text.Json.Serialization;

namespace Connectors.SemanticKernel;

/// <summary>The result of <c>Vision.DetectObjects</c>: labelled boxes.</summary>
public sealed class DetectionResult : VisionResult
{
    internal DetectionResult(VisionImageInfo image, IReadOnlyList<DetectedObject> objects, string answer, string? reasoning)
        : base(image, answer, reasoning) => Objects = objects;

    /// <summary>Gets how many objects were found.</summary>
    [JsonPropertyName("count")]
    public int Count => Objects.Count;

    /// <summary>Gets the objects found, in the model's order.</summary>
    [JsonPropertyName("objects")]
    public IReadOnlyList<DetectedObject> Objects { get; }
}
