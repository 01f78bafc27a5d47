using System.Globalization;
using System.Text;

namespace Connectors.Perceptron.Grounding;

/// <summary>
/// Writes annotations as the model's tags, for few-shot examples (an assistant turn holding the example's boxes).
/// <see cref="GroundingParser.Parse(string)"/> of the written text gives the same annotations back, except that a
/// container always gets its closing tag (so <see cref="ContainerAnnotation.IsIncomplete"/> is not kept).
/// </summary>
public static class GroundingWriter
{
    /// <summary>Writes annotations, one tag per line.</summary>
    /// <param name="annotations">The annotations.</param>
    /// <returns>The tags.</returns>
    public static string Write(IEnumerable<GroundingAnnotation> annotations)
    {
        ArgumentNullException.ThrowIfNull(annotations);
        var sb = new StringBuilder();
        foreach (var annotation in annotations)
        {
            if (sb.Length > 0)
            {
                sb.Append('\n');
            }

            Write(sb, annotation);
        }

        return sb.ToString();
    }

    /// <summary>Writes one annotation (a container with its children).</summary>
    /// <param name="annotation">The annotation.</param>
    /// <returns>The tag.</returns>
    public static string Write(GroundingAnnotation annotation)
    {
        var sb = new StringBuilder();
        Write(sb, annotation);
        return sb.ToString();
    }

    private static void Write(StringBuilder builder, GroundingAnnotation annotation)
    {
        ArgumentNullException.ThrowIfNull(annotation);
        switch (annotation)
        {
            case PointAnnotation point:
                Open(builder, "point", point);
                AppendPoint(builder, point.Point);
                builder.Append(" </point>");
                break;
            case BoxAnnotation box:
                Open(builder, "point_box", box);
                AppendPoint(builder, box.Box.TopLeft);
                AppendPoint(builder, box.Box.BottomRight);
                builder.Append(" </point_box>");
                break;
            case PolygonAnnotation polygon:
                Open(builder, "polygon", polygon);
                foreach (var vertex in polygon.Polygon.Vertices)
                {
                    AppendPoint(builder, vertex);
                }

                builder.Append(" </polygon>");
                break;
            case ClipAnnotation clip:
                builder.Append("<clip");
                AppendMention(builder, clip.Mention);
                if (clip.Time is { } start)
                {
                    builder.Append(" t=\"").Append(Seconds(start));
                    if (clip.End is { } end)
                    {
                        builder.Append(' ').Append(Seconds(end));
                    }

                    builder.Append('"');
                }

                AppendAsset(builder, clip.AssetIndex);
                builder.Append(" />");
                break;
            case ContainerAnnotation container:
                var name = container is TrackAnnotation ? "track" : "collection";
                Open(builder, name, container);
                foreach (var child in container.Children)
                {
                    builder.Append('\n');
                    Write(builder, child);
                }

                builder.Append('\n').Append("</").Append(name).Append('>');
                break;
            default:
                throw new ArgumentException($"Unknown annotation type {annotation.GetType().Name}.", nameof(annotation));
        }
    }

    private static void Open(StringBuilder sb, string name, GroundingAnnotation annotation)
    {
        sb.Append('<').Append(name);
        AppendMention(sb, annotation.Mention);
        if (annotation.Time is { } time)
        {
            sb.Append(" t=\"").Append(Seconds(time)).Append('"');
        }

        AppendAsset(sb, annotation.AssetIndex);
        sb.Append('>');
    }

    private static void AppendMention(StringBuilder sb, string? mention)
    {
        if (!string.IsNullOrEmpty(mention))
        {
            sb.Append(" mention=\"");
            HtmlText.AppendEscaped(sb, mention);
            sb.Append('"');
        }
    }

    private static void AppendAsset(StringBuilder sb, int? assetIndex)
    {
        if (assetIndex is { } index)
        {
            sb.Append(" asset_idx=\"").Append(index.ToString(CultureInfo.InvariantCulture)).Append('"');
        }
    }

    private static void AppendPoint(StringBuilder sb, GridPoint point) =>
        sb.Append(" (")
            .Append(point.X.ToString(CultureInfo.InvariantCulture))
            .Append(',')
            .Append(point.Y.ToString(CultureInfo.InvariantCulture))
            .Append(')');

    // Decimal keeps every tick exactly and never switches to exponent notation.
    private static string Seconds(TimeSpan time) =>
        ((decimal)time.Ticks / TimeSpan.TicksPerSecond).ToString("0.#######", CultureInfo.InvariantCulture);
}
