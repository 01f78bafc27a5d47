using System.Text.Json.Nodes;
using Connectors.Cli.Hosting;

namespace Connectors.Cli.Batch;

/// <summary>A located object of one image, in pixels.</summary>
internal sealed record DatasetObject(string Category, double X, double Y, double Width, double Height, double Area, IReadOnlyList<double>? Polygon);

/// <summary>One image of a dataset: where it is, its size and the objects found in it.</summary>
internal sealed record DatasetImage(string Path, int Width, int Height, IReadOnlyList<DatasetObject> Objects);

/// <summary>
/// The images of one or more batch results files (shards merged): the successful result of each path (the first,
/// when shards overlap), with their boxes and polygons in pixels. Points and clips have no place in a detection
/// dataset and are counted as skipped.
/// </summary>
internal sealed class DatasetResults
{
    private DatasetResults(IReadOnlyList<DatasetImage> images, IReadOnlyList<string> categories, int failed, int duplicates, int skippedAnnotations)
    {
        Images = images;
        Categories = categories;
        Failed = failed;
        Duplicates = duplicates;
        SkippedAnnotations = skippedAnnotations;
    }

    public IReadOnlyList<DatasetImage> Images { get; }

    /// <summary>Category names in order of first appearance.</summary>
    public IReadOnlyList<string> Categories { get; }

    /// <summary>Paths with no successful result.</summary>
    public int Failed { get; }

    /// <summary>Paths found in more than one result line (overlapping shards or re-runs): the first is kept.</summary>
    public int Duplicates { get; }

    /// <summary>Points and clips, which a detection dataset cannot hold.</summary>
    public int SkippedAnnotations { get; }

    /// <exception cref="CliException">A file is missing.</exception>
    public static DatasetResults Read(IEnumerable<string> files)
    {
        var images = new List<DatasetImage>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var failedPaths = new HashSet<string>(StringComparer.Ordinal);
        var categories = new List<string>();
        var categorySet = new HashSet<string>(StringComparer.Ordinal);
        var duplicates = 0;
        var skipped = 0;
        foreach (var file in files)
        {
            if (!File.Exists(file))
            {
                throw new CliException($"No results file at '{Path.GetFullPath(file)}': give the JSONL files 'connectors batch --out' wrote.");
            }

            foreach (var line in ResultLines.Read(file))
            {
                if (line.Error is not null)
                {
                    failedPaths.Add(line.Path);
                    continue;
                }

                if (!seen.Add(line.Path))
                {
                    duplicates++;
                    continue;
                }

                failedPaths.Remove(line.Path);
                var image = ReadImage(line, ref skipped);
                foreach (var o in image.Objects)
                {
                    if (categorySet.Add(o.Category))
                    {
                        categories.Add(o.Category);
                    }
                }

                images.Add(image);
            }
        }

        failedPaths.ExceptWith(seen);
        return new DatasetResults(images, categories, failedPaths.Count, duplicates, skipped);
    }

    private static DatasetImage ReadImage(ResultLine line, ref int skipped)
    {
        var size = line.Json["image"];
        var width = size?["width"]?.GetValue<int>() ?? 0;
        var height = size?["height"]?.GetValue<int>() ?? 0;
        var objects = new List<DatasetObject>();
        foreach (var annotation in line.Json["annotations"]?.AsArray() ?? [])
        {
            if (annotation is not JsonObject a || a["pixels"] is not JsonObject pixels)
            {
                skipped++;
                continue;
            }

            var category = a["mention"]?.GetValue<string>() is { Length: > 0 } mention ? mention : "object";
            if (pixels["topLeft"] is { } tl && pixels["bottomRight"] is { } br)
            {
                double x1 = tl["x"]!.GetValue<int>(), y1 = tl["y"]!.GetValue<int>(), x2 = br["x"]!.GetValue<int>(), y2 = br["y"]!.GetValue<int>();
                objects.Add(new DatasetObject(category, x1, y1, x2 - x1, y2 - y1, (x2 - x1) * (y2 - y1), null));
            }
            else if (pixels["vertices"] is JsonArray vertices && vertices.Count >= 3)
            {
                var flat = vertices.SelectMany(v => new double[] { v!["x"]!.GetValue<int>(), v["y"]!.GetValue<int>() }).ToList();
                var xs = flat.Where((_, i) => i % 2 == 0).ToList();
                var ys = flat.Where((_, i) => i % 2 == 1).ToList();
                objects.Add(new DatasetObject(category, xs.Min(), ys.Min(), xs.Max() - xs.Min(), ys.Max() - ys.Min(), ShoelaceArea(xs, ys), flat));
            }
            else
            {
                skipped++; // a point: no extent to label
            }
        }

        return new DatasetImage(line.Path, width, height, objects);
    }

    private static double ShoelaceArea(List<double> xs, List<double> ys)
    {
        var sum = 0.0;
        for (var i = 0; i < xs.Count; i++)
        {
            var j = (i + 1) % xs.Count;
            sum += (xs[i] * ys[j]) - (xs[j] * ys[i]);
        }

        return Math.Abs(sum) / 2;
    }
}
