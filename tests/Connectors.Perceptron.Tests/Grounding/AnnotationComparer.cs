using Connectors.Perceptron.Grounding;

namespace Connectors.Perceptron.Tests.Grounding;

/// <summary>
/// Compares annotations by what they hold: kind, attributes, geometry (polygons vertex by vertex), a clip's end, a
/// container's completeness and children. The library's annotations compare by reference.
/// </summary>
internal sealed class AnnotationComparer : IEqualityComparer<GroundingAnnotation>
{
    public static readonly AnnotationComparer Instance = new();

    public bool Equals(GroundingAnnotation? x, GroundingAnnotation? y) =>
        ReferenceEquals(x, y) ||
        (x is not null && y is not null && x.GetType() == y.GetType() &&
         x.Mention == y.Mention && x.Time == y.Time && x.AssetIndex == y.AssetIndex &&
         (x, y) switch
         {
             (PointAnnotation a, PointAnnotation b) => a.Point.Equals(b.Point),
             (BoxAnnotation a, BoxAnnotation b) => a.Box.Equals(b.Box),
             (PolygonAnnotation a, PolygonAnnotation b) => a.Polygon.Vertices.SequenceEqual(b.Polygon.Vertices),
             (ClipAnnotation a, ClipAnnotation b) => a.End == b.End,
             (ContainerAnnotation a, ContainerAnnotation b) => a.IsIncomplete == b.IsIncomplete && a.Children.SequenceEqual(b.Children, this),
             _ => false,
         });

    public int GetHashCode(GroundingAnnotation obj) => HashCode.Combine(obj.GetType(), obj.Mention, obj.Time, obj.AssetIndex);
}
