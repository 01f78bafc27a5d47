using System.Globalization;
using System.Text.RegularExpressions;

namespace Connectors.Emulator.Tests;

/// <summary>Reads grounding tags from answers and scales the 0–1000 grid back to pixels as the vendor SDK does.</summary>
internal static partial class GridMath
{
    public static double ToPixel(int v, int dimension) =>
        Math.Clamp(Math.Round(v / 1000.0 * dimension, MidpointRounding.ToEven), 0, dimension - 1);

    public static List<(string Mention, int X1, int Y1, int X2, int Y2)> Boxes(string text) =>
        [.. BoxTag().Matches(text).Select(m => (m.Groups["m"].Value, I(m, "x1"), I(m, "y1"), I(m, "x2"), I(m, "y2")))];

    public static List<(string Mention, int X, int Y)> Points(string text) =>
        [.. PointTag().Matches(text).Select(m => (m.Groups["m"].Value, I(m, "x"), I(m, "y")))];

    public static List<(string Mention, List<(int X, int Y)> Vertices)> Polygons(string text) =>
        [.. PolygonTag().Matches(text).Select(m => (m.Groups["m"].Value, Pairs().Matches(m.Groups["v"].Value).Select(p => (I(p, "x"), I(p, "y"))).ToList()))];

    private static int I(Match m, string group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"<point_box mention=""(?<m>[^""]*)""> \((?<x1>\d+),(?<y1>\d+)\) \((?<x2>\d+),(?<y2>\d+)\) </point_box>")]
    private static partial Regex BoxTag();

    [GeneratedRegex(@"<point mention=""(?<m>[^""]*)""> \((?<x>\d+),(?<y>\d+)\) </point>")]
    private static partial Regex PointTag();

    [GeneratedRegex(@"<polygon mention=""(?<m>[^""]*)"">(?<v>[^<]*)</polygon>")]
    private static partial Regex PolygonTag();

    [GeneratedRegex(@"\((?<x>\d+),(?<y>\d+)\)")]
    private static partial Regex Pairs();
}
