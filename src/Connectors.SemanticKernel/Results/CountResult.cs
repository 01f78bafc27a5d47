using System.Text.Json.Serialization;

namespace Connectors.SemanticKernel;

/// <summary>The result of <c>Vision.CountObjects</c>: the count and a point on each object counted.</summary>
public sealed class CountResult : VisionResult
{
    internal CountResult(VisionImageInfo image, string objects, IReadOnlyList<LocatedObject> points, string answer, string? reasoning)
        : base(image, answer, reasoning)
    {
        Objects = objects;
        Points = points;
    }

    /// <summary>Gets what was counted, as asked.</summary>
    [JsonPropertyName("objects")]
    public string Objects { get; }

    /// <summary>Gets how many were found: the number of points the model placed, one per object.</summary>
    [JsonPropertyName("count")]
    public int Count => Points.Count;

    /// <summary>Gets a point on each object counted.</summary>
    [JsonPropertyName("points")]
    public IReadOnlyList<LocatedObject> Points { get; }
}
