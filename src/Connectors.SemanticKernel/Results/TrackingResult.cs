using System.Text.Json.Serialization;

namespace Connectors.SemanticKernel;

/// <summary>The result of <c>Vision.TrackObjects</c>: each object's boxes through the video, with times.</summary>
public sealed class TrackingResult : VisionResult
{
    internal TrackingResult(VisionImageInfo video, IReadOnlyList<ObjectTrack> tracks, string answer, string? reasoning)
        : base(video, answer, reasoning) => Tracks = tracks;

    /// <summary>Gets the tracks, one per object, in the model's order.</summary>
    [JsonPropertyName("tracks")]
    public IReadOnlyList<ObjectTrack> Tracks { get; }
}

/// <summary>One object followed through a video.</summary>
public sealed class ObjectTrack
{
    internal ObjectTrack(string? label, IReadOnlyList<TrackedBox> boxes)
    {
        Label = label;
        Boxes = boxes;
    }

    /// <summary>Gets what the object is, as the model named it.</summary>
    [JsonPropertyName("label")]
    public string? Label { get; }

    /// <summary>Gets where it is, in time order.</summary>
    [JsonPropertyName("boxes")]
    public IReadOnlyList<TrackedBox> Boxes { get; }

    /// <summary>Gets when it is first seen, in seconds from the start.</summary>
    [JsonPropertyName("firstSeconds")]
    public double? FirstSeconds => Boxes.Count == 0 ? null : Boxes[0].Seconds;

    /// <summary>Gets when it is last seen, in seconds from the start.</summary>
    [JsonPropertyName("lastSeconds")]
    public double? LastSeconds => Boxes.Count == 0 ? null : Boxes[^1].Seconds;
}

/// <summary>Where a tracked object is at one time.</summary>
public sealed class TrackedBox
{
    internal TrackedBox(double? seconds, Perceptron.Grounding.GridBox gridBox, Perceptron.Grounding.PixelBox? pixelBox)
    {
        Seconds = seconds;
        GridBox = gridBox;
        PixelBox = pixelBox;
    }

    /// <summary>Gets the time in seconds from the start of the video (a frame's timestamp for frames), or null when the model gave none.</summary>
    [JsonPropertyName("seconds")]
    public double? Seconds { get; }

    /// <summary>Gets the box on the 0–1000 grid.</summary>
    [JsonPropertyName("gridBox")]
    public Perceptron.Grounding.GridBox GridBox { get; }

    /// <summary>Gets the box in pixels of the frames, when their size is known.</summary>
    [JsonPropertyName("pixelBox")]
    public Perceptron.Grounding.PixelBox? PixelBox { get; }
}
