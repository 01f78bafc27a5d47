using System.Text.Json.Serialization;

namespace Connectors.SemanticKernel;

/// <summary>The result of <c>Vision.LocateObjects</c>: a labelled point on each object.</summary>
public sealed class LocationResult : VisionResult
{
    internal LocationResult(VisionImageInfo image, IReadOnlyList<LocatedObject> points, string answer, string? reasoning)
        : base(image, answer, reasoning) => Points = points;

    /// <summary>Gets how many objects were located.</summary>
    [JsonPropertyName("count")]
    public int Count => Points.Count;

    /// <summary>Gets the points, in the model's order.</summary>
    [JsonPropertyName("points")]
    public IReadOnlyList<LocatedObject> Points { get; }
}
