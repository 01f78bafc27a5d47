using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Connectors.Emulator.Scenes;

/// <summary>Turns an analysed scene and the prompt into the text (and reasoning) a vision model would give.</summary>
internal static partial class SceneAnswerer
{
    public static (string Content, string? Reasoning) Answer(SceneAnalysis scene, string systemText, string userText, SpatialHints hints)
    {
        var count = CountQuestion().Match(userText);
        if (count.Success)
        {
            return AnswerCount(scene, count.Groups["what"].Value.Trim(), hints);
        }

        var categories = CategoriesPrompt().Match(systemText);
        if (categories.Success)
        {
            var wanted = SplitCategories(categories.Groups["list"].Value);
            var matches = scene.Objects.Where(o => wanted.Any(c => Matches(c, o))).ToList();
            return (Detections(scene, matches, hints.AnySpatial ? hints : hints with { Box = true }), Reasoning(scene, hints, $"Keeping only {string.Join(", ", wanted)}: {matches.Count} match."));
        }

        if (systemText.Contains("segment out the objects", StringComparison.OrdinalIgnoreCase))
        {
            return (Detections(scene, scene.Objects, hints.AnySpatial ? hints : hints with { Box = true }), Reasoning(scene, hints, "Reporting every object."));
        }

        if (systemText.Contains("OCR", StringComparison.Ordinal) || userText.Contains("transcribe", StringComparison.OrdinalIgnoreCase))
        {
            return ("No readable text was found in the image.", Reasoning(scene, hints, "None of the regions contains glyphs."));
        }

        var text = Describe(scene);
        if (hints.AnySpatial)
        {
            text += "\n" + Detections(scene, scene.Objects, hints);
        }

        return (text, Reasoning(scene, hints, "Describing the layout."));
    }

    private static (string, string?) AnswerCount(SceneAnalysis scene, string what, SpatialHints hints)
    {
        var category = Normalize(what);
        var matches = scene.Objects.Where(o => Matches(category, o)).ToList();
        var label = matches.Count == 1 ? category : Plural(category);
        var sentence = matches.Count == 1
            ? $"There is 1 {label}."
            : $"There are {matches.Count.ToString(CultureInfo.InvariantCulture)} {label}.";
        var format = hints.AnySpatial ? hints : hints with { Point = true };
        var body = matches.Count > 0 ? sentence + "\n" + Detections(scene, matches, format) : sentence;
        return (body, Reasoning(scene, hints, $"Counting the regions that are {category}s: {matches.Count}."));
    }

    private static string? Reasoning(SceneAnalysis scene, SpatialHints hints, string conclusion)
    {
        if (!hints.Think)
        {
            return null;
        }

        var names = scene.Objects.Count == 0 ? "nothing" : string.Join(", ", scene.Objects.Select(o => o.Name));
        return $"The image is {scene.Width}x{scene.Height} with a {scene.Background} background. "
               + $"I find {scene.Objects.Count} solid regions: {names}. {conclusion}";
    }

    private static string Describe(SceneAnalysis scene)
    {
        if (scene.Objects.Count == 0)
        {
            return $"The image is a plain {scene.Background} background with no objects.";
        }

        var groups = scene.Objects.GroupBy(o => o.Name).Select(g => g.Count() == 1 ? $"{Article(g.Key)} {g.Key}" : $"{g.Count()} {Plural(g.Key)}").ToList();
        var list = groups.Count == 1 ? groups[0] : string.Join(", ", groups.Take(groups.Count - 1)) + " and " + groups[^1];
        var n = scene.Objects.Count;
        return $"The image shows {n} {(n == 1 ? "shape" : "shapes")} on a {scene.Background} background: {list}.";
    }

    private static string Detections(SceneAnalysis scene, IEnumerable<DetectedObject> objects, SpatialHints format)
    {
        var sb = new StringBuilder();
        foreach (var o in objects)
        {
            if (format.Box)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<point_box mention=\"{o.Name}\"> ({scene.GridX(o.Left)},{scene.GridY(o.Top)}) ({scene.GridX(o.Right)},{scene.GridY(o.Bottom)}) </point_box>\n");
            }

            if (format.Point)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<point mention=\"{o.Name}\"> ({scene.GridX(o.CentroidX)},{scene.GridY(o.CentroidY)}) </point>\n");
            }

            if (format.Polygon)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<polygon mention=\"{o.Name}\">");
                foreach (var (x, y) in o.Outline)
                {
                    sb.Append(CultureInfo.InvariantCulture, $" ({scene.GridX(x)},{scene.GridY(y)})");
                }

                sb.Append(" </polygon>\n");
            }
        }

        return sb.ToString().TrimEnd('\n');
    }

    internal static List<string> SplitCategories(string list) =>
        [.. CategorySeparator().Split(list).Select(Normalize).Where(c => c.Length > 0)];

    /// <summary>Lower-case, singular words, without articles: "the Red Circles" → "red circle".</summary>
    internal static string Normalize(string phrase)
    {
        var words = phrase.ToLowerInvariant().Trim().TrimEnd('.', '?', '!').Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w is not ("the" or "a" or "an" or "all"))
            .Select(Singular);
        return string.Join(' ', words);
    }

    private static string Singular(string word) =>
        word.EndsWith("ss", StringComparison.Ordinal) || !word.EndsWith('s') || word.Length < 3 ? word : word[..^1];

    private static string Plural(string phrase) => phrase + "s";

    private static string Article(string phrase) => "aeiou".Contains(phrase[0], StringComparison.Ordinal) ? "an" : "a";

    /// <summary>A category matches an example's label, or when its colour and shape words (if any) agree with the object.</summary>
    internal static bool Matches(string category, DetectedObject o)
    {
        if (o.Label is { } label && Normalize(label) == category)
        {
            return true;
        }

        var words = category.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var colour = words.FirstOrDefault(w => SceneColors.Names.Contains(w));
        var shape = words.FirstOrDefault(w => w is "circle" or "square" or "triangle");
        var generic = words.Any(w => w is "shape" or "object" or "thing" or "item");
        if (colour is null && shape is null && !generic)
        {
            return false;
        }

        return (colour is null || colour == o.Color) && (shape is null || shape == o.Shape.ToString().ToLowerInvariant());
    }

    [GeneratedRegex(@"how many (?<what>.+?)(?:\s+(?:are|is)\s+there|\s+do you see|\s+can you see|\?|$)", RegexOptions.IgnoreCase)]
    private static partial Regex CountQuestion();

    [GeneratedRegex(@"segment out the following categories:\s*(?<list>[^\n]+)", RegexOptions.IgnoreCase)]
    internal static partial Regex CategoriesPrompt();

    [GeneratedRegex(@"\s*,\s*|\s+and\s+")]
    private static partial Regex CategorySeparator();
}
