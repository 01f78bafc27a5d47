using System.Globalization;
using Connectors.Emulator.Scenes;

namespace Connectors.Notebooks.Tests;

[Collection(NotebookCollection.Name)]
public sealed class QuickstartNotebookTests
{
    [Fact]
    public async Task Quickstart_runs_and_counts_what_the_scene_holds()
    {
        var run = await NotebookHarness.RunAsync("01-quickstart.ipynb");

        var scene = run.Variable<GeneratedScene>("scene");
        var target = run.Variable<SceneObject>("target");
        var truth = scene.Where(target.Color, target.Shape).Count();
        Assert.Equal((480, 320), Assert.Single(run.Images).Size);
        Assert.Contains($"{scene.Objects.Count} shapes", run.Cell("Describe this image").Text, StringComparison.Ordinal);
        Assert.Equal(scene.Objects.Count, run.Cell("PerceptronHints.Box").Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        var streaming = run.Cell("GetStreamingResponseAsync").Text;
        Assert.Contains("Reasoning: The image is 480x320", streaming, StringComparison.Ordinal);
        Assert.Contains(truth == 1 ? "There is 1 " : $"There are {truth} ", streaming, StringComparison.Ordinal);
        Assert.Equal(truth, run.Variable<int>("inside"));
        Assert.Equal(truth, run.Variable<List<Connectors.Perceptron.Grounding.PixelPoint>>("points").Count);

        var usage = run.Cell("counted.Usage").Text;
        var output = int.Parse(usage.Split('\n')[1].Split(':')[1].Trim(), CultureInfo.InvariantCulture);
        Assert.True(output > 0, usage);
    }
}
