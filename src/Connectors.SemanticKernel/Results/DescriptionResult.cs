using System.Text.Json.Serialization;

namespace Connectors.SemanticKernel;

/// <summary>The result of <c>Vision.DescribeImage</c>: a caption, and boxes on the objects it mentions.</summary>
public sealed class DescriptionResult : VisionResult
{
    internal DescriptionResult(VisionImageInfo image, string detail, IReadOnlyList<DetectedObject> objects, string answer, string? reasoning)
        : base(image, answer, reasoning)
    {
        Detail = detail;
        Objects = objects;
    }

    /// <summary>Gets how detailed the caption was asked to be: <c>concise</c> or <c>detailed</c>.</summary>
    [JsonPropertyName("detail")]
    public string Detail { get; }

    /// <summary>Gets the objects the caption points at (captions are asked for with boxes).</summary>
    [JsonPropertyName("objects")]
    public IReadOnlyList<DetectedObject> Objects { get; }

    /// <summary>Gets the caption (the same as <see cref="VisionResult.Answer"/>).</summary>
    [JsonIgnore]
    public string Description => Answer;
}
