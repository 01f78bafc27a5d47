using System.Text.Json.Nodes;
using Connectors.Cli.Demo;
using Connectors.Cli.Tests.Infrastructure;
using Connectors.Emulator.Scenes;

namespace Connectors.Cli.Tests;

public sealed class DemoTests
{
    [Theory]
    [InlineData(7)]
    [InlineData(12)]
    public async Task Demo_json_reports_the_scene_truth_citations_and_writes_the_images(int seed)
    {
        using var folder = new TempFolder();
        var result = await Tool.RunAsync("demo", "--emulator", "--json", "--out", folder.Path, "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json();
        var scene = DemoScene.Generate(seed);
        Assert.Equal("emulator", json["perceptron"]!.GetValue<string>());
        Assert.Equal(scene.Objects.Count, json["scene"]!["objects"]!.AsArray().Count);

        var truth = scene.Where(DemoScene.CountedColor, DemoScene.CountedShape).Count();
        Assert.Equal(truth, json["counting"]!["truth"]!.GetValue<int>());
        Assert.Equal(truth, json["counting"]!["count"]!.GetValue<int>());
        Assert.Contains(truth.ToString(System.Globalization.CultureInfo.InvariantCulture), json["counting"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(json["counting"]!["reasoning"]?.GetValue<string>()));

        foreach (var step in new[] { "detection", "points", "polygons" })
        {
            Assert.Equal(scene.Objects.Count, json[step]!["count"]!.GetValue<int>());
            Assert.Equal(scene.Objects.Count, json[step]!["truth"]!.GetValue<int>());
        }

        // Each detected box lies on a true object of the same name.
        foreach (var box in json["detection"]!["annotations"]!.AsArray())
        {
            var pixels = box!["pixels"]!;
            var detected = new SceneBox(
                pixels["topLeft"]!["x"]!.GetValue<int>(), pixels["topLeft"]!["y"]!.GetValue<int>(),
                pixels["bottomRight"]!["x"]!.GetValue<int>(), pixels["bottomRight"]!["y"]!.GetValue<int>());
            Assert.Contains(scene.Objects, o => o.Name == box["mention"]!.GetValue<string>() && o.Bounds.IntersectionOverUnion(detected) > 0.8);
        }

        Assert.False(string.IsNullOrWhiteSpace(json["stream"]!["answer"]!.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(json["stream"]!["reasoning"]!.GetValue<string>()));

        var agent = json["agent"]!;
        var call = Assert.Single(agent["toolCalls"]!.AsArray())!;
        Assert.Equal("Vision_CountObjects", call["name"]!.GetValue<string>());
        Assert.Equal(truth, call["result"]!["count"]!.GetValue<int>());
        Assert.Equal("scene", call["arguments"]!["image"]!.GetValue<string>());
        Assert.Equal("red circles", call["arguments"]!["objects"]!.GetValue<string>());
        Assert.Equal($"I counted {truth} red circles with Vision_CountObjects.", agent["answer"]!.GetValue<string>());

        var rag = json["rag"]!;
        var citations = rag["citations"]!.AsArray();
        Assert.NotEmpty(citations);
        Assert.All(citations, c => Assert.False(string.IsNullOrWhiteSpace(c!["snippet"]!.GetValue<string>())));
        Assert.Contains("[@", rag["answer"]!.GetValue<string>(), StringComparison.Ordinal);

        var images = json["images"]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
        Assert.Contains(images, i => i.EndsWith("detections.png", StringComparison.Ordinal));
        Assert.All(images, path =>
        {
            Assert.StartsWith(folder.Path, path, StringComparison.Ordinal);
            var bytes = File.ReadAllBytes(path);
            Assert.True(bytes.Length > 1000 && bytes[0] == 0x89 && bytes[1] == (byte)'P', $"{path} is not a PNG");
        });
    }

    [Fact]
    public async Task Demo_text_output_walks_through_every_step_and_says_where_the_images_are()
    {
        using var folder = new TempFolder();
        var result = await Tool.RunAsync("demo", "--emulator", "--out", folder.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var step in new[] { "Detection", "Counting", "Points", "Polygons", "Streamed answer", "Reasoning:", "Agent round", "Vision_CountObjects", "Cited answer", "Sources" })
        {
            Assert.Contains(step, result.Out, StringComparison.Ordinal);
        }

        Assert.Contains(folder.Path, result.Out, StringComparison.Ordinal);
        Assert.Empty(result.Error);
    }
}

[Collection(nameof(EnvironmentCollection))]
public sealed class DefaultRunTests
{
    [Fact]
    public async Task No_arguments_and_no_keys_runs_the_demo_on_the_emulator()
    {
        using var scope = new EnvironmentScope();
        var result = await Tool.RunAsync("--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json();
        Assert.Equal("emulator", json["perceptron"]!.GetValue<string>());
        Assert.Equal("emulator", json["jamai"]!.GetValue<string>());
        Assert.All(json["images"]!.AsArray(), i => Assert.True(File.Exists(i!.GetValue<string>())));
    }
}
