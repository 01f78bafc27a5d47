using System.Text.Json.Serialization;

namespace Connectors.Perceptron.Grounding;

/// <summary>
/// Something a model pointed at: a point, box, polygon or clip (a leaf), or a collection or track holding leaves.
/// Coordinates are on the model's 0–1000 grid. Annotations compare by reference; the geometry structs compare by value.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(PointAnnotation), "point")]
[JsonDerivedType(typeof(BoxAnnotation), "box")]
[JsonDerivedType(typeof(PolygonAnnotation), "polygon")]
[JsonDerivedType(typeof(ClipAnnotation), "clip")]
[JsonDerivedType(typeof(CollectionAnnotation), "collection")]
[JsonDerivedType(typeof(TrackAnnotation), "track")]
public abstract class GroundingAnnotation
{
    private protected GroundingAnnotation()
    {
    }

    /// <summary>Gets what the model says this is (the <c>mention</c> attribute), or <see langword="null"/>.</summary>
    public string? Mention { get; init; }

    /// <summary>Gets the video time (the <c>t</c> attribute); for a clip, its start.</summary>
    public TimeSpan? Time { get; init; }

    /// <summary>
    /// Gets the index of the request's image or video this refers to (the <c>asset_idx</c> attribute);
    /// <see langword="null"/> means the last image of the request.
    /// </summary>
    public int? AssetIndex { get; init; }

    /// <summary>A copy with other inherited values (what <see cref="GroundingAnnotationExtensions.Flatten"/> hands out).</summary>
    internal abstract GroundingAnnotation With(string? mention, int? assetIndex, TimeSpan? time);
}
