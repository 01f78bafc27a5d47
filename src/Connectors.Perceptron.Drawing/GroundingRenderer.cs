using SkiaSharp;

namespace Connectors.Perceptron.Grounding;

/// <summary>
/// Draws annotations onto an image (boxes, points as filled circles, polygons, and mention labels; one colour per
/// mention) and encodes the result as PNG. Clips have no geometry and are skipped. Annotations are drawn as given:
/// pick those of the image first when a response refers to several.
/// </summary>
public static partial class GroundingRenderer
{
    /// <summary>Draws onto an encoded image and returns PNG bytes.</summary>
    /// <param name="image">A PNG, JPEG or WebP image.</param>
    /// <param name="annotations">Annotations; containers are flattened.</param>
    /// <param name="options">Drawing options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The PNG.</returns>
    /// <exception cref="ArgumentException">The image cannot be decoded.</exception>
    public static byte[] RenderPng(ReadOnlySpan<byte> image, IEnumerable<GroundingAnnotation> annotations, GroundingRendererOptions? options = null)
    {
        using var output = new MemoryStream();
        RenderPng(image, annotations, output, options);
        return output.ToArray();
    }

    /// <summary>Draws onto an encoded image and writes PNG to a stream.</summary>
    /// <param name="image">A PNG, JPEG or WebP image.</param>
    /// <param name="annotations">Annotations; containers are flattened.</param>
    /// <param name="output">Where the PNG goes.</param>
    /// <param name="options">Drawing options, or <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentException">The image cannot be decoded.</exception>
    public static void RenderPng(ReadOnlySpan<byte> image, IEnumerable<GroundingAnnotation> annotations, Stream output, GroundingRendererOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(annotations);
        ArgumentNullException.ThrowIfNull(output);
        options ??= new GroundingRendererOptions();
        using var encoded = SKData.CreateCopy(image);
        using var codec = SKCodec.Create(encoded) ?? throw new ArgumentException("The image format is not recognised.", nameof(image));
        using var decoded = SKBitmap.Decode(codec) ?? throw new ArgumentException("The image could not be decoded.", nameof(image));

        // Draw on a 32-bit copy: decoded images may be in formats a canvas cannot target.
        using var bitmap = new SKBitmap(new SKImageInfo(decoded.Width, decoded.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.DrawBitmap(decoded, 0, 0, SKSamplingOptions.Default, null);
            Draw(canvas, new ImageSize(decoded.Width, decoded.Height), annotations.Flatten(), options, new Dictionary<string, SKColor>(StringComparer.Ordinal));
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        data.SaveTo(output);
    }

    /// <summary>Draws leaves on a canvas of <paramref name="size"/>; <paramref name="colours"/> keeps a mention's colour across calls.</summary>
    private static void Draw(SKCanvas canvas, ImageSize size, IEnumerable<GroundingAnnotation> leaves, GroundingRendererOptions options, Dictionary<string, SKColor> colours)
    {
        using var stroke = new SKPaint { Style = SKPaintStyle.Stroke, StrokeWidth = options.StrokeWidth, IsAntialias = false };
        using var fill = new SKPaint { Style = SKPaintStyle.Fill, IsAntialias = true };
        using var text = new SKPaint { Color = SKColors.White, IsAntialias = true };
        using var font = new SKFont(SKTypeface.Default, options.LabelSize);

        foreach (var leaf in leaves)
        {
            var colour = ColourOf(leaf.Mention ?? string.Empty, colours, options.Palette);
            stroke.Color = colour;
            fill.Color = colour;
            SKPoint labelAt;
            switch (leaf)
            {
                case BoxAnnotation box:
                    var b = box.Box.ToPixels(size);
                    canvas.DrawRect(b.TopLeft.X, b.TopLeft.Y, b.Width, b.Height, stroke);
                    labelAt = new SKPoint(b.TopLeft.X, b.TopLeft.Y);
                    break;
                case PointAnnotation point:
                    var p = point.Point.ToPixels(size);
                    canvas.DrawCircle(p.X, p.Y, options.PointRadius, fill);
                    labelAt = new SKPoint(p.X + options.PointRadius, p.Y - options.PointRadius);
                    break;
                case PolygonAnnotation polygon when polygon.Polygon.Vertices.Count > 0:
                    var vertices = polygon.Polygon.ToPixels(size).Vertices;
                    // Repeat the first vertex to close the outline.
                    var points = new SKPoint[vertices.Count + 1];
                    for (var i = 0; i < points.Length; i++)
                    {
                        var v = vertices[i % vertices.Count];
                        points[i] = new SKPoint(v.X, v.Y);
                    }

                    canvas.DrawPoints(SKPointMode.Polygon, points, stroke);

                    labelAt = points[0];
                    break;
                default:
                    continue;
            }

            if (options.DrawLabels && !string.IsNullOrEmpty(leaf.Mention))
            {
                DrawLabel(canvas, size, leaf.Mention, labelAt, font, fill, text);
            }
        }
    }

    /// <summary>
    /// Writes the label on a filled tag above the anchor, or below it when there is no room above, moved left or up as
    /// far as needed to stay inside the image (a label at the right edge is read whole, not cut).
    /// </summary>
    private static void DrawLabel(SKCanvas canvas, ImageSize size, string label, SKPoint anchor, SKFont font, SKPaint background, SKPaint text)
    {
        var width = font.MeasureText(label, text) + 4;
        var height = font.Size + 4;
        var top = anchor.Y - height >= 0 ? anchor.Y - height : anchor.Y;
        top = Math.Max(0, Math.Min(top, size.Height - height));
        var left = Math.Max(0, Math.Min(anchor.X, size.Width - width));
        canvas.DrawRect(left, top, width, height, background);
        canvas.DrawText(label, left + 2, top + font.Size, SKTextAlign.Left, font, text);
    }

    private static SKColor ColourOf(string mention, Dictionary<string, SKColor> colours, IReadOnlyList<SKColor> palette)
    {
        if (!colours.TryGetValue(mention, out var colour))
        {
            colour = palette.Count == 0 ? SKColors.Red : palette[colours.Count % palette.Count];
            colours[mention] = colour;
        }

        return colour;
    }
}
