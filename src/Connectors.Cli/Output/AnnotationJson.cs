using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Perceptron.Grounding;

namespace Connectors.Cli.Output;

/// <summary>Annotations as JSON: the library's own grounding JSON, plus their geometry in pixels when the image size is known.</summary>
internal static class AnnotationJson
{
    /// <summary>An annotation in the library's JSON shape (with its <c>kind</c> discriminator).</summary>
    public static JsonNode Annotation(GroundingAnnotation annotation) =>
        JsonSerializer.SerializeToNode(annotation, GroundingJson.DefaultOptions.GetTypeInfo(typeof(GroundingAnnotation)))!;

    /// <summary>Every annotation of a list, containers kept.</summary>
    public static JsonArray Annotations(IEnumerable<GroundingAnnotation> annotations) => [.. annotations.Select(Annotation)];

    /// <summary>Leaves, each with a <c>pixels</c> member when <paramref name="size"/> is given and the leaf has geometry.</summary>
    public static JsonArray Leaves(IEnumerable<GroundingAnnotation> leaves, ImageSize? size)
    {
        var array = new JsonArray();
        foreach (var leaf in leaves)
        {
            var node = Annotation(leaf).AsObject();
            if (size is { } s && Pixels(leaf, s) is { } pixels)
            {
                node["pixels"] = pixels;
            }

            array.Add(node);
        }

        return array;
    }

    /// <summary>A leaf's geometry in pixels: <c>{x,y}</c>, <c>{topLeft,bottomRight}</c> or <c>{vertices}</c>; null for clips.</summary>
    public static JsonObject? Pixels(GroundingAnnotation leaf, ImageSize size) => leaf switch
    {
        PointAnnotation p => Point(p.Point.ToPixels(size)),
        BoxAnnotation b => Box(b.Box.ToPixels(size)),
        PolygonAnnotation g => new JsonObject { ["vertices"] = new JsonArray([.. g.Polygon.ToPixels(size).Vertices.Select(v => (JsonNode)Point(v))]) },
        _ => null,
    };

    /// <summary>A short human description of a leaf's geometry, in pixels when the size is known, else on the 0–1000 grid.</summary>
    public static string Describe(GroundingAnnotation leaf, ImageSize? size) => (leaf, size) switch
    {
        (PointAnnotation p, { } s) => Text(p.Point.ToPixels(s)),
        (PointAnnotation p, null) => $"({p.Point.X},{p.Point.Y}) grid",
        (BoxAnnotation b, { } s) => Text(b.Box.ToPixels(s)),
        (BoxAnnotation b, null) => $"({b.Box.TopLeft.X},{b.Box.TopLeft.Y})-({b.Box.BottomRight.X},{b.Box.BottomRight.Y}) grid",
        (PolygonAnnotation g, { } s) => $"{g.Polygon.Vertices.Count} vertices from {Text(g.Polygon.ToPixels(s).Vertices[0])}",
        (PolygonAnnotation g, null) => $"{g.Polygon.Vertices.Count} vertices (grid)",
        (ClipAnnotation c, _) => c.End is { } end ? $"{c.Time?.TotalSeconds:0.##}s–{end.TotalSeconds:0.##}s" : $"at {c.Time?.TotalSeconds:0.##}s",
        _ => "",
    };

    /// <summary>The lower-case kind name used in JSON.</summary>
    public static string Kind(GroundingAnnotation leaf) => leaf switch
    {
        PointAnnotation => "point",
        BoxAnnotation => "box",
        PolygonAnnotation => "polygon",
        ClipAnnotation => "clip",
        CollectionAnnotation => "collection",
        TrackAnnotation => "track",
        _ => "annotation",
    };

    private static JsonObject Point(PixelPoint p) => new() { ["x"] = p.X, ["y"] = p.Y };

    private static JsonObject Box(PixelBox b) => new() { ["topLeft"] = Point(b.TopLeft), ["bottomRight"] = Point(b.BottomRight) };

    private static string Text(PixelPoint p) => $"({p.X},{p.Y}) px";

    private static string Text(PixelBox b) => $"({b.TopLeft.X},{b.TopLeft.Y})-({b.BottomRight.X},{b.BottomRight.Y}) px";
}
