namespace Connectors.Perceptron.Grounding;

/// <summary>Helpers over annotation trees.</summary>
public static class GroundingAnnotationExtensions
{
    /// <summary>
    /// Yields the leaves (points, boxes, polygons, clips) in document order with what they inherit, as the vendor's
    /// SDK flattens them: a leaf's own <see cref="GroundingAnnotation.Mention"/> and
    /// <see cref="GroundingAnnotation.AssetIndex"/> win over its collection's, and a point, box or polygon without
    /// <see cref="GroundingAnnotation.Time"/> takes its collection's. A track's waypoints are all named by the track's
    /// mention (theirs are not used), refer to the track's asset unless they name one, and keep their own time.
    /// </summary>
    /// <param name="annotations">Top-level annotations, containers included.</param>
    /// <returns>The leaves.</returns>
    public static IEnumerable<GroundingAnnotation> Flatten(this IEnumerable<GroundingAnnotation> annotations)
    {
        ArgumentNullException.ThrowIfNull(annotations);
        var result = new List<GroundingAnnotation>();
        foreach (var annotation in annotations)
        {
            AddLeaves(annotation, null, null, null, result);
        }

        return result;
    }

    private static void AddLeaves(GroundingAnnotation annotation, string? mention, int? assetIndex, TimeSpan? time, List<GroundingAnnotation> result)
    {
        switch (annotation)
        {
            case TrackAnnotation track:
                mention = track.Mention ?? mention;
                assetIndex = track.AssetIndex ?? assetIndex;
                foreach (var waypoint in track.Children)
                {
                    result.Add(WithInherited(waypoint, mention, waypoint.AssetIndex ?? assetIndex, waypoint.Time));
                }

                break;
            case ContainerAnnotation container:
                foreach (var child in container.Children)
                {
                    AddLeaves(child, container.Mention ?? mention, container.AssetIndex ?? assetIndex, container.Time ?? time, result);
                }

                break;
            case ClipAnnotation:
                result.Add(WithInherited(annotation, annotation.Mention ?? mention, annotation.AssetIndex ?? assetIndex, annotation.Time));
                break;
            default:
                result.Add(WithInherited(annotation, annotation.Mention ?? mention, annotation.AssetIndex ?? assetIndex, annotation.Time ?? time));
                break;
        }
    }

    /// <summary>Returns the annotation itself when nothing changes, else a copy with the inherited values.</summary>
    internal static GroundingAnnotation WithInherited(GroundingAnnotation leaf, string? mention, int? assetIndex, TimeSpan? time) =>
        leaf.Mention == mention && leaf.AssetIndex == assetIndex && leaf.Time == time
            ? leaf
            : leaf.With(mention, assetIndex, time);
}
