using SkiaSharp;

namespace Connectors.Emulator.Scenes;

/// <summary>Draws synthetic scenes of solid shapes on a plain background, with their ground truth.</summary>
public static class SceneGenerator
{
    /// <summary>Draws a scene of <paramref name="objectCount"/> random objects.</summary>
    public static GeneratedScene Generate(int width, int height, int objectCount, int seed) =>
        Generate(new SceneOptions { Width = width, Height = height, RandomObjects = objectCount, Seed = seed });

    /// <summary>Draws a scene as <paramref name="options"/> says.</summary>
    /// <exception cref="InvalidOperationException">The objects do not fit without overlapping.</exception>
    public static GeneratedScene Generate(SceneOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var random = new Random(options.Seed);
        var wanted = new List<(string Color, SceneShape Shape)>(options.Required);
        for (var i = 0; i < options.RandomObjects; i++)
        {
            wanted.Add((options.Colors[random.Next(options.Colors.Count)], (SceneShape)random.Next(3)));
        }

        var placed = new List<SceneObject>();
        foreach (var (color, shape) in wanted)
        {
            placed.Add(Place(options, random, placed, color, shape));
        }

        return new GeneratedScene(Render(options.Width, options.Height, options.Background, placed), options.Width, options.Height, placed);
    }

    /// <summary>Draws <paramref name="objects"/> on a plain background and encodes a PNG (one frame of a video too).</summary>
    internal static byte[] Render(int width, int height, string background, IEnumerable<SceneObject> objects)
    {
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SceneColors.Get(background));
            foreach (var o in objects)
            {
                Draw(canvas, o);
            }
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static SceneObject Place(SceneOptions options, Random random, List<SceneObject> placed, string color, SceneShape shape)
    {
        for (var attempt = 0; attempt < 2000; attempt++)
        {
            // Small canvases shrink the largest size rather than fail.
            var fit = Math.Min(options.Width, options.Height) - (2 * options.Margin);
            var maxSize = Math.Min(options.MaxSize, fit);
            var size = random.Next(Math.Min(options.MinSize, maxSize), maxSize + 1);
            var half = size / 2.0;
            var min = options.Margin + half;
            var maxX = options.Width - options.Margin - half;
            var maxY = options.Height - options.Margin - half;
            if (maxX < min || maxY < min)
            {
                break;
            }

            // Whole-pixel centres keep edges on pixel boundaries, so the truth box matches the drawn pixels.
            var cx = Math.Round(min + (random.NextDouble() * (maxX - min)));
            var cy = Math.Round(min + (random.NextDouble() * (maxY - min)));
            var candidate = new SceneObject(color, shape, cx, cy, half);
            if (placed.All(p => Apart(p.Bounds, candidate.Bounds, options.Margin)))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"Could not place {placed.Count + 1} objects without overlap in {options.Width}x{options.Height}.");
    }

    private static bool Apart(SceneBox a, SceneBox b, int margin) =>
        a.Right + margin <= b.Left || b.Right + margin <= a.Left || a.Bottom + margin <= b.Top || b.Bottom + margin <= a.Top;

    private static void Draw(SKCanvas canvas, SceneObject o)
    {
        // No anti-aliasing: every pixel is either background or the shape's exact colour.
        using var paint = new SKPaint { Color = SceneColors.Get(o.Color), IsAntialias = false, Style = SKPaintStyle.Fill };
        switch (o.Shape)
        {
            case SceneShape.Circle:
                canvas.DrawCircle((float)o.CenterX, (float)o.CenterY, (float)o.HalfSize, paint);
                break;
            case SceneShape.Square:
                canvas.DrawRect(new SKRect((float)o.Bounds.Left, (float)o.Bounds.Top, (float)o.Bounds.Right, (float)o.Bounds.Bottom), paint);
                break;
            default:
                var v = o.TriangleVertices();
                using (var builder = new SKPathBuilder())
                {
                    builder.MoveTo(v[0].X, v[0].Y);
                    builder.LineTo(v[1].X, v[1].Y);
                    builder.LineTo(v[2].X, v[2].Y);
                    builder.Close();
                    using var path = builder.Detach();
                    canvas.DrawPath(path, paint);
                }

                break;
        }
    }
}
