using System.Text.Json.Serialization;

namespace Connectors.SemanticKernel;

/// <summary>The result of <c>Vision.AskAboutImage</c>: the answer, and whatever it pointed at.</summary>
public sealed class ImageAnswerResult : VisionResult
{
    internal ImageAnswerResult(
        VisionImageInfo image,
        string question,
        IReadOnlyList<DetectedObject> boxes,
        IReadOnlyList<LocatedObject> points,
        IReadOnlyList<SegmentedObject> polygons,
        string answer,
        string? reasoning)
        : base(image, answer, reasoning)
    {
        Question = question;
        Boxes = boxes;
        Points = points;
        Polygons = polygons;
    }

    /// <summary>Gets the question asked.</summary>
    [JsonPropertyName("question")]
    public string Question { get; }

    /// <summary>Gets the boxes in the answer, if any.</summary>
    [JsonPropertyName("boxes")]
    public IReadOnlyList<DetectedObject> Boxes { get; }

    /// <summary>Gets the points in the answer, if any.</summary>
    [JsonPropertyName("points")]
    public IReadOnlyList<LocatedObject> Points { get; }

    /// <summary>Gets the polygons in the answer, if any.</summary>
    [JsonPropertyName("polygons")]
    public IReadOnlyList<SegmentedObject> Polygons { get; }
}
