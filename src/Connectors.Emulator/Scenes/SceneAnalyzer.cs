using SkiaSharp;

namespace Connectors.Emulator.Scenes;

/// <summary>Finds solid shapes on a plain background as connected regions of similar colour.</summary>
internal static class SceneAnalyzer
{
    private const double BackgroundTolerance = 60;
    private const double RegionTolerance = 90;

    /// <summary>The decoded image, or null for bytes that are not one (Skia throws on some truncated files).</summary>
    private static SKBitmap? Decode(byte[] encoded)
    {
        try
        {
            return SKBitmap.Decode(encoded);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    public static SceneAnalysis? Analyze(byte[] encoded)
    {
        using var bitmap = Decode(encoded);
        if (bitmap is null)
        {
            return null;
        }

        var width = bitmap.Width;
        var height = bitmap.Height;
        var pixels = bitmap.Pixels;
        var background = BorderMode(pixels, width, height);
        var visited = new bool[pixels.Length];
        var minArea = Math.Max(16, width * height / 5000);
        var found = new List<DetectedObject>();
        var queue = new Queue<int>();

        for (var start = 0; start < pixels.Length; start++)
        {
            if (visited[start] || Near(pixels[start], background, BackgroundTolerance))
            {
                continue;
            }

            var seed = pixels[start];
            var region = Flood(pixels, width, height, start, seed, background, visited, queue);
            if (region.Count >= minArea)
            {
                found.Add(Describe(region, pixels, width));
            }
        }

        found.Sort((a, b) => a.Top != b.Top ? a.Top.CompareTo(b.Top) : a.Left.CompareTo(b.Left));
        var bgName = SceneColors.Nearest(background.Red, background.Green, background.Blue);
        return new SceneAnalysis(width, height, bgName, found);
    }

    private static List<int> Flood(SKColor[] pixels, int width, int height, int start, SKColor seed, SKColor background, bool[] visited, Queue<int> queue)
    {
        var region = new List<int>();
        visited[start] = true;
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            var i = queue.Dequeue();
            region.Add(i);
            var x = i % width;
            var y = i / width;
            TryVisit(x - 1, y);
            TryVisit(x + 1, y);
            TryVisit(x, y - 1);
            TryVisit(x, y + 1);
        }

        return region;

        void TryVisit(int x, int y)
        {
            if (x < 0 || y < 0 || x >= width || y >= height)
            {
                return;
            }

            var j = (y * width) + x;
            if (visited[j] || Near(pixels[j], background, BackgroundTolerance) || !Near(pixels[j], seed, RegionTolerance))
            {
                return;
            }

            visited[j] = true;
            queue.Enqueue(j);
        }
    }

    private static DetectedObject Describe(List<int> region, SKColor[] pixels, int width)
    {
        int left = int.MaxValue, top = int.MaxValue, right = int.MinValue, bottom = int.MinValue;
        double sx = 0, sy = 0, r = 0, g = 0, b = 0;
        foreach (var i in region)
        {
            var x = i % width;
            var y = i / width;
            left = Math.Min(left, x);
            right = Math.Max(right, x);
            top = Math.Min(top, y);
            bottom = Math.Max(bottom, y);
            sx += x + 0.5;
            sy += y + 0.5;
            r += pixels[i].Red;
            g += pixels[i].Green;
            b += pixels[i].Blue;
        }

        var n = region.Count;
        var color = SceneColors.Nearest(r / n, g / n, b / n);
        var boxW = right - left + 1;
        var boxH = bottom - top + 1;
        var fill = n / (double)(boxW * boxH);
        var shape = fill >= 0.9 ? SceneShape.Square : fill >= 0.64 ? SceneShape.Circle : SceneShape.Triangle;
        var cx = sx / n;
        var cy = sy / n;
        return new DetectedObject(color, shape, left, top, right + 1, bottom + 1, cx, cy, n, Outline(shape, left, top, right + 1, bottom + 1, region, width));
    }

    private static List<(double X, double Y)> Outline(SceneShape shape, int left, int top, int right, int bottom, List<int> region, int width)
    {
        switch (shape)
        {
            case SceneShape.Square:
                return [(left, top), (right, top), (right, bottom), (left, bottom)];
            case SceneShape.Circle:
                var cx = (left + right) / 2.0;
                var cy = (top + bottom) / 2.0;
                var rx = (right - left) / 2.0;
                var ry = (bottom - top) / 2.0;
                return [.. Enumerable.Range(0, 8).Select(k => (cx + (rx * Math.Cos(k * Math.PI / 4)), cy + (ry * Math.Sin(k * Math.PI / 4))))];
            default:
                // Apex: middle of the top row's pixels; base corners: the bottom box corners.
                var topRow = region.Where(i => i / width == top).Select(i => i % width).ToList();
                var apexX = topRow.Count > 0 ? (topRow.Min() + topRow.Max() + 1) / 2.0 : (left + right) / 2.0;
                return [(apexX, top), (right, bottom), (left, bottom)];
        }
    }

    private static SKColor BorderMode(SKColor[] pixels, int width, int height)
    {
        var counts = new Dictionary<uint, int>();
        void Count(int x, int y)
        {
            var c = pixels[(y * width) + x];
            // Quantise a little so JPEG noise still agrees on one background.
            var key = (uint)((c.Red >> 3) << 10 | (c.Green >> 3) << 5 | (c.Blue >> 3));
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        for (var x = 0; x < width; x++)
        {
            Count(x, 0);
            Count(x, height - 1);
        }

        for (var y = 0; y < height; y++)
        {
            Count(0, y);
            Count(width - 1, y);
        }

        var best = counts.MaxBy(kv => kv.Value).Key;
        return new SKColor((byte)(((best >> 10) & 31) << 3 | 4), (byte)(((best >> 5) & 31) << 3 | 4), (byte)((best & 31) << 3 | 4));
    }

    private static bool Near(SKColor a, SKColor b, double tolerance) =>
        SceneColors.Distance(a.Red, a.Green, a.Blue, b) < tolerance;
}
