using System.Text.Json.Serialization;

namespace Connectors.SemanticKernel;

/// <summary>The result of <c>Vision.SegmentObjects</c>: a labelled outline of each object.</summary>
public sealed class SegmentationResult : VisionResult
{
    internal SegmentationResult(VisionImageInfo image, IReadOnlyList<SegmentedObject> objects, string answer, string? reasoning)
        : base(image, answer, reasoning) => Objects = objects;

    /// <summary>Gets how many objects were outlined.</summary>
    [JsonPropertyName("count")]
    public int Count => Objects.Count;

    /// <summary>Gets the outlines, in the model's order.</summary>
    [JsonPropertyName("objects")]
    public IReadOnlyList<SegmentedObject> Objects { get; }
}
