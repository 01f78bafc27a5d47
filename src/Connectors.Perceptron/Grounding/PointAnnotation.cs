namespace Connectors.Perceptron.Grounding;

/// <summary>A point (<c>&lt;point&gt;</c>).</summary>
/// <param name="point">The point on the 0–1000 grid.</param>
public sealed class PointAnnotation(GridPoint point) : GroundingAnnotation
{
    /// <summary>Gets the point on the 0–1000 grid.</summary>
    public GridPoint Point { get; } = point;

    internal override PointAnnotation With(string? mention, int? assetIndex, TimeSpan? time) =>
        new(Point) { Mention = mention, AssetIndex = assetIndex, Time = time };
}
