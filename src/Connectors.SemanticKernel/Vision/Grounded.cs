using Connectors.Perceptron.Grounding;
using Microsoft.Extensions.AI;

namespace Connectors.SemanticKernel;

/// <summary>A Perceptron reply read into result items, using the grounding the client already parsed.</summary>
internal sealed record Grounded(
    VisionImageInfo Image,
    IReadOnlyList<DetectedObject> Boxes,
    IReadOnlyList<LocatedObject> Points,
    IReadOnlyList<SegmentedObject> Polygons,
    string Answer,
    string? Reasoning)
{
    public static Grounded From(ChatResponse response, ResolvedImage image)
    {
        var boxes = new List<DetectedObject>();
        var points = new List<LocatedObject>();
        var polygons = new List<SegmentedObject>();
        var size = image.Size;
        foreach (var group in response.GetGrounding())
        {
            size ??= group.ImageSize;

            // The client sizes images from their headers; a size the plugin knows (a download) fills the gap.
            var known = group.ImageSize is null ? image.Size : null;
            foreach (var leaf in group.Leaves)
            {
                switch (leaf)
                {
                    case BoxAnnotation box:
                        boxes.Add(new DetectedObject(leaf.Mention, box.Box, known is { } b ? box.Box.ToPixels(b) : group.ToPixels(box)));
                        break;
                    case PointAnnotation point:
                        points.Add(new LocatedObject(leaf.Mention, point.Point, known is { } p ? point.Point.ToPixels(p) : group.ToPixels(point)));
                        break;
                    case PolygonAnnotation polygon:
                        polygons.Add(new SegmentedObject(leaf.Mention, polygon.Polygon, known is { } g ? polygon.Polygon.ToPixels(g) : group.ToPixels(polygon)));
                        break;
                }
            }
        }

        var text = response.Text;
        var parsed = GroundingParser.Parse(text);
        var reasoning = string.Join("\n\n", response.Messages.SelectMany(static m => m.Contents).OfType<TextReasoningContent>()
            .Select(static r => r.Text).Where(static t => !string.IsNullOrWhiteSpace(t)));
        return new Grounded(
            new VisionImageInfo(image.Source, size?.Width, size?.Height),
            boxes,
            points,
            polygons,
            parsed.Text.Trim(),
            reasoning.Length > 0 ? reasoning.Trim() : parsed.Reasoning);
    }
}
