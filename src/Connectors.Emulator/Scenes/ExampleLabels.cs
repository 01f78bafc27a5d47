using System.Globalization;
using System.Text.RegularExpressions;

namespace Connectors.Emulator.Scenes;

/// <summary>
/// Few-shot detection as the emulator can do it: each example is an image and the assistant turn that boxed and named
/// its objects; a boxed object's look (colour and shape) takes the example's name, and objects that look the same in
/// the target are answered under that name.
/// </summary>
internal static partial class ExampleLabels
{
    /// <summary>The names examples give to looks, e.g. <c>red circle</c> → <c>widget</c>.</summary>
    public static Dictionary<string, string> Learn(IEnumerable<(byte[] Image, string Tags)> examples)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (image, tags) in examples)
        {
            if (SceneAnalyzer.Analyze(image) is not { } scene)
            {
                continue;
            }

            foreach (Match box in BoxTag().Matches(tags))
            {
                var corners = new SceneBox(
                    Pixel(box.Groups["x1"].Value, scene.Width), Pixel(box.Groups["y1"].Value, scene.Height),
                    Pixel(box.Groups["x2"].Value, scene.Width), Pixel(box.Groups["y2"].Value, scene.Height));
                var best = scene.Objects
                    .Select(o => (Object: o, Iou: new SceneBox(o.Left, o.Top, o.Right, o.Bottom).IntersectionOverUnion(corners)))
                    .Where(m => m.Iou >= 0.5)
                    .OrderByDescending(m => m.Iou)
                    .FirstOrDefault();
                if (best.Object is { } boxed)
                {
                    labels[boxed.Name] = System.Net.WebUtility.HtmlDecode(box.Groups["mention"].Value);
                }
            }
        }

        return labels;
    }

    /// <summary>The scene with the examples' names on the objects that look like the boxed ones.</summary>
    public static SceneAnalysis Apply(SceneAnalysis scene, IReadOnlyDictionary<string, string> labels) =>
        labels.Count == 0
            ? scene
            : scene with { Objects = [.. scene.Objects.Select(o => labels.TryGetValue(o.Name, out var label) ? o with { Label = label } : o)] };

    private static double Pixel(string grid, int dimension) => double.Parse(grid, CultureInfo.InvariantCulture) / 1000 * dimension;

    [GeneratedRegex(@"<point_box\s+mention=""(?<mention>[^""]*)""[^>]*>\s*\(\s*(?<x1>\d+)\s*,\s*(?<y1>\d+)\s*\)\s*\(\s*(?<x2>\d+)\s*,\s*(?<y2>\d+)\s*\)\s*</point_box>")]
    private static partial Regex BoxTag();
}
