namespace Connectors.Perceptron.Grounding;

/// <summary>A polygon of three or more vertices (<c>&lt;polygon&gt;</c>).</summary>
/// <param name="polygon">The polygon on the 0–1000 grid.</param>
public sealed class PolygonAnnotation(GridPolygon polygon) : GroundingAnnotation
{
    /// <summary>Gets the polygon on the 0–1000 grid.</summary>
    public GridPolygon Polygon { get; } = polygon;

    internal override PolygonAnnotation With(string? mention, int? assetIndex, TimeSpan? time) =>
        new(Polygon) { Mention = mention, AssetIndex = assetIndex, Time = time };
}
