using System.Text.Json.Serialization;

namespace Connectors.SemanticKernel;

/// <summary>The result of <c>Vision.FindMoments</c>: when something happens in a video.</summary>
public sealed class MomentsResult : VisionResult
{
    internal MomentsResult(VisionImageInfo video, string query, IReadOnlyList<VideoMoment> moments, string answer, string? reasoning)
        : base(video, answer, reasoning)
    {
        Query = query;
        Moments = moments;
    }

    /// <summary>Gets what was looked for.</summary>
    [JsonPropertyName("query")]
    public string Query { get; }

    /// <summary>Gets the moments found, in the model's order; empty when it does not happen.</summary>
    [JsonPropertyName("moments")]
    public IReadOnlyList<VideoMoment> Moments { get; }
}

/// <summary>A moment or time range of a video.</summary>
public sealed class VideoMoment
{
    internal VideoMoment(string? label, double startSeconds, double? endSeconds)
    {
        Label = label;
        StartSeconds = startSeconds;
        EndSeconds = endSeconds;
    }

    /// <summary>Gets what happens, as the model named it.</summary>
    [JsonPropertyName("label")]
    public string? Label { get; }

    /// <summary>Gets when it starts (or the moment), in seconds from the start of the video.</summary>
    [JsonPropertyName("startSeconds")]
    public double StartSeconds { get; }

    /// <summary>Gets when it ends, in seconds, or null for a single moment.</summary>
    [JsonPropertyName("endSeconds")]
    public double? EndSeconds { get; }
}
