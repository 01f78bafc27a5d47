using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Connectors.Emulator.Scenes.Video;

/// <summary>
/// Answers over a video given as timestamped frames, as Perceptron's video models do: <c>&lt;track&gt;</c>s of boxes
/// for detection ("Make sure to track the objects."), <c>&lt;clip&gt;</c>s for moments ("Clip the red circle."),
/// else a sentence. Objects are found in each frame and linked to the nearest earlier sighting of the same name.
/// </summary>
internal static partial class VideoAnswerer
{
    public static string Answer(IReadOnlyList<(byte[] Image, int TimestampMs)> frames, string systemText, string userText, bool clipHint, int assetIndex, bool writeAssetIndex)
    {
        var tracks = Link(frames);
        var asset = writeAssetIndex ? string.Create(CultureInfo.InvariantCulture, $" asset_idx=\"{assetIndex}\"") : "";
        var clip = ClipQuery().Match(userText);
        if (clipHint || clip.Success)
        {
            var query = SceneAnswerer.Normalize(clip.Success ? clip.Groups["what"].Value : userText);
            var moments = tracks.Where(t => SceneAnswerer.Matches(query, t.Sightings[0].Object)).ToList();
            if (moments.Count == 0)
            {
                return $"No {query} appears in the video.";
            }

            var sb = new StringBuilder();
            foreach (var t in moments)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<clip mention=\"{t.Name}\"{asset} t=\"{Seconds(t.Sightings[0].TimestampMs)} {Seconds(t.Sightings[^1].TimestampMs)}\" />\n");
            }

            return sb.ToString().TrimEnd('\n');
        }

        var categories = SceneAnswerer.CategoriesPrompt().Match(systemText);
        if (categories.Success || systemText.Contains("segment out the objects", StringComparison.OrdinalIgnoreCase))
        {
            var wanted = categories.Success ? SceneAnswerer.SplitCategories(categories.Groups["list"].Value) : null;
            var sb = new StringBuilder();
            foreach (var t in tracks.Where(t => wanted is null || wanted.Any(c => SceneAnswerer.Matches(c, t.Sightings[0].Object))))
            {
                sb.Append(CultureInfo.InvariantCulture, $"<track mention=\"{t.Name}\"{asset}>");
                foreach (var (time, o, analysis) in t.Sightings)
                {
                    sb.Append(CultureInfo.InvariantCulture, $" <point_box t=\"{Seconds(time)}\"> ({analysis.GridX(o.Left)},{analysis.GridY(o.Top)}) ({analysis.GridX(o.Right)},{analysis.GridY(o.Bottom)}) </point_box>");
                }

                sb.Append(" </track>\n");
            }

            return sb.Length == 0 ? "No objects to track were found in the video." : sb.ToString().TrimEnd('\n');
        }

        var seconds = frames.Count == 0 ? 0 : frames[^1].TimestampMs / 1000.0;
        var names = tracks.Select(t => t.Name).ToList();
        return names.Count == 0
            ? string.Create(CultureInfo.InvariantCulture, $"The video is {seconds:0.#} seconds of a plain background with no objects.")
            : string.Create(CultureInfo.InvariantCulture, $"The video runs {seconds:0.#} seconds and shows {names.Count} moving {(names.Count == 1 ? "shape" : "shapes")}: {string.Join(", ", names)}.");
    }

    private sealed record Track(string Name, List<(int TimestampMs, DetectedObject Object, SceneAnalysis Analysis)> Sightings);

    /// <summary>Per frame, each object joins the track of the same name whose last sighting is nearest, or starts one.</summary>
    private static List<Track> Link(IReadOnlyList<(byte[] Image, int TimestampMs)> frames)
    {
        var tracks = new List<Track>();
        foreach (var (image, time) in frames)
        {
            if (SceneAnalyzer.Analyze(image) is not { } analysis)
            {
                continue;
            }

            var taken = new HashSet<Track>();
            foreach (var o in analysis.Objects)
            {
                var reach = Math.Max(analysis.Width, analysis.Height) / 3.0;
                var match = tracks
                    .Where(t => t.Name == o.Name && !taken.Contains(t) && t.Sightings[^1].TimestampMs < time)
                    .Select(t => (Track: t, Distance: Math.Sqrt(Math.Pow(t.Sightings[^1].Object.CentroidX - o.CentroidX, 2) + Math.Pow(t.Sightings[^1].Object.CentroidY - o.CentroidY, 2))))
                    .Where(c => c.Distance <= reach)
                    .OrderBy(c => c.Distance)
                    .Select(c => c.Track)
                    .FirstOrDefault();
                if (match is null)
                {
                    match = new Track(o.Name, []);
                    tracks.Add(match);
                }

                match.Sightings.Add((time, o, analysis));
                taken.Add(match);
            }
        }

        return tracks;
    }

    private static string Seconds(int milliseconds) => (milliseconds / 1000.0).ToString("0.0##", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\bclip\s+(?:the\s+moments?\s+(?:when\s+)?|when\s+)?(?<what>[^.?!\n]+)", RegexOptions.IgnoreCase)]
    private static partial Regex ClipQuery();
}
