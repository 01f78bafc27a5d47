namespace Connectors.Perceptron.Grounding;

/// <summary>
/// The waypoints of one object through a video (<c>&lt;track&gt;</c>), each leaf with its own time, all of one kind
/// (points, boxes or polygons) on one asset. The track's mention names every waypoint; without its own
/// <c>asset_idx</c> its <see cref="GroundingAnnotation.AssetIndex"/> is its first waypoint's.
/// </summary>
/// <param name="children">The waypoints in the order they were written.</param>
public sealed class TrackAnnotation(IReadOnlyList<GroundingAnnotation> children) : ContainerAnnotation(children)
{
    internal override TrackAnnotation With(string? mention, int? assetIndex, TimeSpan? time) =>
        new(Children) { Mention = mention, AssetIndex = assetIndex, Time = time, IsIncomplete = IsIncomplete };
}
