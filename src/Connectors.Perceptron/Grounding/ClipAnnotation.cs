namespace Connectors.Perceptron.Grounding;

/// <summary>
/// A moment or time range of a video (<c>&lt;clip t="..." /&gt;</c>). <see cref="GroundingAnnotation.Time"/> is the
/// moment or the start of the range.
/// </summary>
public sealed class ClipAnnotation : GroundingAnnotation
{
    /// <summary>Gets the end of the range, or <see langword="null"/> for a single moment.</summary>
    public TimeSpan? End { get; init; }

    internal override ClipAnnotation With(string? mention, int? assetIndex, TimeSpan? time) =>
        new() { Mention = mention, AssetIndex = assetIndex, Time = time, End = End };
}
