using System.Text.Json.Nodes;
using Connectors.Cli.Tests.Infrastructure;
using Connectors.Emulator.Scenes;

namespace Connectors.Cli.Tests;

/// <summary><c>batch</c> and <c>export</c> over folders of generated scenes, against an emulator the tool starts.</summary>
public sealed class BatchCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private Dictionary<string, GeneratedScene> Scenes(int count, string folder = "images") => _folder.Scenes(count, folder);

    private static List<JsonObject> Lines(string file) =>
        [.. File.ReadAllLines(file).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!.AsObject())];

    private static SceneBox PixelBox(JsonNode pixels) => new(
        pixels["topLeft"]!["x"]!.GetValue<int>(), pixels["topLeft"]!["y"]!.GetValue<int>(), pixels["bottomRight"]!["x"]!.GetValue<int>(), pixels["bottomRight"]!["y"]!.GetValue<int>());

    [Fact]
    public async Task Detect_over_200_scenes_writes_one_true_line_per_image_and_a_coco_file_that_matches_the_truth()
    {
        var truth = Scenes(200);
        var results = _folder.File("out/results.jsonl");
        var coco = _folder.File("out/coco.json");

        var run = await Tool.RunAsync("batch", "detect", _folder.File("images"), "--out", results, "--concurrency", "8", "--coco", coco, "--emulator", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(200, run.Json()["succeeded"]!.GetValue<int>());
        var lines = Lines(results);
        Assert.Equal(truth.Keys.Order(), lines.Select(l => l["path"]!.GetValue<string>()).Order());
        var ious = new List<double>();
        foreach (var line in lines)
        {
            var scene = truth[line["path"]!.GetValue<string>()];
            var boxes = line["annotations"]!.AsArray();
            Assert.Equal(scene.Objects.Count, line["count"]!.GetValue<int>());
            foreach (var box in boxes)
            {
                var found = PixelBox(box!["pixels"]!);
                ious.Add(scene.Objects.Where(o => o.Name == box["mention"]!.GetValue<string>()).Max(o => o.Bounds.IntersectionOverUnion(found)));
            }
        }

        Assert.True(ious.Average() >= 0.8, $"mean IoU {ious.Average():F3}");

        // COCO: every image with its size, every object as a pixel [x, y, w, h] of its category.
        var json = JsonNode.Parse(File.ReadAllText(coco))!;
        var categories = json["categories"]!.AsArray().ToDictionary(c => c!["id"]!.GetValue<int>(), c => c!["name"]!.GetValue<string>());
        Assert.Equal(truth.Values.SelectMany(s => s.Objects).Select(o => o.Name).Distinct().Order(), categories.Values.Order());
        var images = json["images"]!.AsArray().ToDictionary(i => i!["id"]!.GetValue<int>(), i => Path.GetFullPath(Path.Combine(_folder.File("out"), i!["file_name"]!.GetValue<string>())));
        Assert.Equal(truth.Keys.Order(), images.Values.Order());
        Assert.All(json["images"]!.AsArray(), i => Assert.Equal((160, 120), (i!["width"]!.GetValue<int>(), i["height"]!.GetValue<int>())));
        var annotations = json["annotations"]!.AsArray();
        Assert.Equal(truth.Values.Sum(s => s.Objects.Count), annotations.Count);
        Assert.Equal(annotations.Count, annotations.Select(a => a!["id"]!.GetValue<int>()).Distinct().Count());
        foreach (var a in annotations)
        {
            var scene = truth[images[a!["image_id"]!.GetValue<int>()]];
            var bbox = a["bbox"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
            var found = new SceneBox(bbox[0], bbox[1], bbox[0] + bbox[2], bbox[1] + bbox[3]);
            Assert.Equal(bbox[2] * bbox[3], a["area"]!.GetValue<double>());
            var category = categories[a["category_id"]!.GetValue<int>()];
            Assert.True(scene.Objects.Where(o => o.Name == category).Max(o => o.Bounds.IntersectionOverUnion(found)) >= 0.5);
        }
    }

    [Fact]
    public async Task A_run_stopped_half_way_and_run_again_ends_with_every_image_exactly_once()
    {
        var truth = Scenes(60);
        var results = _folder.File("results.jsonl");
        using var stop = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            // Stops the first run once a few images are written (a guard, not a timing assertion).
            while (!stop.IsCancellationRequested && (!File.Exists(results) || File.ReadAllLines(results).Length < 5))
            {
                await Task.Delay(5, TestContext.Current.CancellationToken);
            }

            await stop.CancelAsync();
        }, TestContext.Current.CancellationToken);

        var first = await Tool.RunAsync(["batch", "count", _folder.File("images"), "--objects", "red circles", "--out", results, "--concurrency", "1", "--emulator"], cancellationToken: stop.Token);
        await stop.CancelAsync();
        await watcher;

        Assert.True(first.ExitCode == 130, first.ToString());
        var afterFirst = Lines(results).Count;
        Assert.InRange(afterFirst, 5, truth.Count - 1);

        var second = await Tool.RunAsync("batch", "count", _folder.File("images"), "--objects", "red circles", "--out", results, "--concurrency", "4", "--emulator", "--json");

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(afterFirst, second.Json()["skipped"]!.GetValue<int>());
        var lines = Lines(results);
        Assert.Equal(truth.Keys.Order(), lines.Select(l => l["path"]!.GetValue<string>()).Order()); // each once
        Assert.All(lines, l => Assert.Equal(truth[l["path"]!.GetValue<string>()].Where("red", SceneShape.Circle).Count(), l["count"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_failing_image_is_recorded_without_stopping_the_batch_and_retried_on_request()
    {
        var truth = Scenes(6);
        var broken = _folder.File("images/part0/broken.png");
        File.WriteAllText(broken, "not a picture");
        var results = _folder.File("results.jsonl");

        var first = await Tool.RunAsync("batch", "detect", _folder.File("images"), "--out", results, "--emulator", "--json");

        Assert.True(first.ExitCode == 4, first.ToString());
        Assert.Equal((6, 1), (first.Json()["succeeded"]!.GetValue<int>(), first.Json()["failed"]!.GetValue<int>()));
        var failure = Assert.Single(Lines(results), l => l["error"] is not null);
        Assert.Equal(Path.GetFullPath(broken), failure["path"]!.GetValue<string>());
        Assert.Contains("PNG, JPEG or WebP", failure["error"]!.GetValue<string>(), StringComparison.Ordinal);

        // Without --retry-failed the failure is skipped like a success; with it, the fixed image runs.
        var again = await Tool.RunAsync("batch", "detect", _folder.File("images"), "--out", results, "--emulator", "--json");
        Assert.Equal((0, 7), (again.Json()["succeeded"]!.GetValue<int>(), again.Json()["skipped"]!.GetValue<int>()));
        File.WriteAllBytes(broken, truth.Values.First().Png);
        var retried = await Tool.RunAsync("batch", "detect", _folder.File("images"), "--out", results, "--retry-failed", "--emulator", "--json", "--coco", _folder.File("coco.json"));

        Assert.True(retried.ExitCode == 0, retried.ToString());
        Assert.Equal(1, retried.Json()["succeeded"]!.GetValue<int>());
        Assert.Equal(7, JsonNode.Parse(File.ReadAllText(_folder.File("coco.json")))!["images"]!.AsArray().Count);
    }

    [Fact]
    public async Task Three_shards_cover_every_image_once_and_merge_into_one_coco_file_and_yolo_labels()
    {
        var truth = Scenes(30);
        var files = new List<string>();
        var taken = new List<string>();
        for (var k = 1; k <= 3; k++)
        {
            var file = _folder.File($"shard{k}.jsonl");
            var run = await Tool.RunAsync("batch", "segment", _folder.File("images"), "--out", file, "--shard", $"{k}/3", "--emulator", "--json");
            Assert.True(run.ExitCode == 0, run.ToString());
            var lines = Lines(file);
            Assert.NotEmpty(lines); // 30 paths split three ways: each shard takes some
            taken.AddRange(lines.Select(l => l["path"]!.GetValue<string>()));
            files.Add(file);
        }

        Assert.Equal(truth.Keys.Order(), taken.Order()); // every image, once

        var coco = _folder.File("merged.json");
        var export = await Tool.RunAsync(["export", "coco", .. files, "--out", coco, "--json"]);
        Assert.True(export.ExitCode == 0, export.ToString());
        var json = JsonNode.Parse(File.ReadAllText(coco))!;
        Assert.Equal(30, json["images"]!.AsArray().Count);
        Assert.Equal(truth.Values.Sum(s => s.Objects.Count), json["annotations"]!.AsArray().Count);
        Assert.All(json["annotations"]!.AsArray(), a => Assert.True(a!["segmentation"]![0]!.AsArray().Count >= 6)); // polygons, as x,y pairs

        var yolo = _folder.File("labels");
        var labels = await Tool.RunAsync(["export", "yolo", .. files, "--out", yolo]);
        Assert.True(labels.ExitCode == 0, labels.ToString());
        var classes = File.ReadAllLines(Path.Combine(yolo, "classes.txt"));
        foreach (var (path, scene) in truth)
        {
            var rows = File.ReadAllLines(Path.Combine(yolo, Path.GetFileNameWithoutExtension(path) + ".txt"));
            Assert.Equal(scene.Objects.Count, rows.Length);
            Assert.All(rows, row =>
            {
                var v = row.Split(' ');
                Assert.Contains(classes[int.Parse(v[0], System.Globalization.CultureInfo.InvariantCulture)], scene.Objects.Select(o => o.Name));
                Assert.All(v[1..], n => Assert.InRange(double.Parse(n, System.Globalization.CultureInfo.InvariantCulture), 0, 1));
            });
        }
    }

    [Theory]
    [InlineData("0/3")]
    [InlineData("4/3")]
    [InlineData("1/0")]
    [InlineData("one/two")]
    public async Task A_malformed_shard_is_refused_with_the_form_to_use(string shard)
    {
        Scenes(1);
        var run = await Tool.RunAsync("batch", "detect", _folder.File("images"), "--out", _folder.File("r.jsonl"), "--shard", shard, "--emulator");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--shard takes K/N", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_negative_rate_is_refused_with_what_it_takes()
    {
        Scenes(1);
        var run = await Tool.RunAsync("batch", "detect", _folder.File("images"), "--out", _folder.File("r.jsonl"), "--rate", "-5", "--emulator");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--rate must be a number of requests a minute (300), a number per window (60/5s, 300/1m) or 0", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Globs_take_matching_images_at_any_depth_and_an_input_that_names_nothing_is_refused()
    {
        var truth = Scenes(8);
        var results = _folder.File("r.jsonl");

        var run = await Tool.RunAsync("batch", "ocr", _folder.File("images") + "/**/scene-00?.png", "--out", results, "--emulator", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(truth.Keys.Order(), Lines(results).Select(l => l["path"]!.GetValue<string>()).Order());

        var missing = await Tool.RunAsync("batch", "ocr", _folder.File("nowhere"), "--out", results, "--emulator");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("neither a file, a folder nor a glob", missing.Error, StringComparison.Ordinal);
    }
}
