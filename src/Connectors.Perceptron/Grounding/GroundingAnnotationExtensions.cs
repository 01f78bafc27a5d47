namespace Connectors.Perceptron.Grounding;

/// <summary>Helpers over annotation trees.</summary>
public static class GroundingAnnotationExtensions
{
    /// <summary>
    /// Yields the leaves (points, boxes, polygons, clips) in document order, each with the
    /// <see cref="GroundingAnnotation.Mention"/> and <see cref="GroundingAnnotation.AssetIndex"/> it inherits from
    /// its containers (the nearest container wins; the leaf's own value wins over all).
    /// </summary>
    /// <param name="annotations">Top-level annotations, containers included.</param>
    /// <returns>The leaves.</returns>
    public static IEnumerable<GroundingAnnotation> Flatten(this IEnumerable<GroundingAnnotation> annotations)
    {
        ArgumentNullException.ThrowIfNull(annotations);
        var result = new List<GroundingAnnotation>();
        foreach (var annotation in annotations)
        {
            AddLeaves(annotation, null, null, result);
        }

        return result;
    }

    private static void AddLeaves(GroundingAnnotation annotation, string? mention, int? assetIndex, List<GroundingAnnotation> result)
    {
        mention = annotation.Mention ?? mention;
        assetIndex = annotation.AssetIndex ?? assetIndex;
        if (annotation is ContainerAnnotation container)
        {
            foreach (var child in container.Children)
            {
                AddLeaves(child, mention, assetIndex, result);
            }
        }
        else
        {
            result.Add(WithInherited(annotation, mention, assetIndex));
        }
    }

    /// <summary>Returns the annotation itself when nothing changes, else a copy with the inherited values.</summary>
    internal static GroundingAnnotation WithInherited(GroundingAnnotation leaf, string? mention, int? assetIndex) =>
        leaf.Mention == mention && leaf.AssetIndex == assetIndex
            ? leaf
            : leaf with { Mention = mention, AssetIndex = assetIndex };
}
