namespace Connectors.Perceptron.Grounding;

/// <summary>A group of annotations for one mention (<c>&lt;collection&gt;</c>); it holds leaves and tracks.</summary>
/// <param name="children">The children in the order they were written.</param>
public sealed class CollectionAnnotation(IReadOnlyList<GroundingAnnotation> children) : ContainerAnnotation(children)
{
    internal override CollectionAnnotation With(string? mention, int? assetIndex, TimeSpan? time) =>
        new(Children) { Mention = mention, AssetIndex = assetIndex, Time = time, IsIncomplete = IsIncomplete };
}
