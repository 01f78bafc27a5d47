using SkiaSharp;

namespace Connectors.Emulator.Scenes;

/// <summary>The named colours scenes are drawn in and detected colours are named after.</summary>
internal static class SceneColors
{
    private static readonly (string Name, SKColor Color)[] Named =
    [
        ("red", new SKColor(220, 40, 40)),
        ("green", new SKColor(40, 170, 60)),
        ("blue", new SKColor(40, 80, 220)),
        ("yellow", new SKColor(240, 210, 40)),
        ("orange", new SKColor(245, 140, 30)),
        ("purple", new SKColor(140, 60, 180)),
        ("black", new SKColor(20, 20, 20)),
        ("white", new SKColor(250, 250, 250)),
        ("gray", new SKColor(128, 128, 128)),
        ("pink", new SKColor(240, 130, 190)),
        ("brown", new SKColor(130, 80, 40)),
        ("cyan", new SKColor(40, 200, 220)),
    ];

    /// <summary>Colours the generator uses for shapes by default (all distinct from a white background).</summary>
    public static IReadOnlyList<string> ShapeColors { get; } = ["red", "green", "blue", "yellow", "orange", "purple", "black"];

    /// <summary>Every colour name the analyzer may report.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Named.Select(n => n.Name)];

    /// <summary>The RGB value of a named colour.</summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/>.</exception>
    public static SKColor Get(string name)
    {
        foreach (var (n, c) in Named)
        {
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
            {
                return c;
            }
        }

        throw new ArgumentException($"Unknown colour '{name}'.", nameof(name));
    }

    internal static string Nearest(double r, double g, double b)
    {
        var best = Named[0].Name;
        var bestDistance = double.MaxValue;
        foreach (var (name, c) in Named)
        {
            var d = Distance(r, g, b, c);
            if (d < bestDistance)
            {
                bestDistance = d;
                best = name;
            }
        }

        return best;
    }

    internal static double Distance(double r, double g, double b, SKColor c)
    {
        var dr = r - c.Red;
        var dg = g - c.Green;
        var db = b - c.Blue;
        return Math.Sqrt((dr * dr) + (dg * dg) + (db * db));
    }
}
