using Connectors.Emulator.Scenes;
using Connectors.Perceptron.Grounding;
using Connectors.SemanticKernel;
using Microsoft.SemanticKernel;

namespace Connectors.Notebooks.Tests;

[Collection(NotebookCollection.Name)]
public sealed class SemanticKernelNotebookTests
{
    [Fact]
    public async Task Semantic_kernel_runs_and_the_functions_the_agents_call_see_the_truth()
    {
        var run = await NotebookHarness.RunAsync("03-semantic-kernel.ipynb");
        var scene = run.Variable<GeneratedScene>("scene");
        var truth = scene.Where("red", SceneShape.Circle).Count();
        Assert.Equal(2, truth);

        Assert.Equal(truth, run.Variable<CountResult>("direct").Count);

        // Automatic function calling ran the real plugin, and the answer came from its result.
        var called = Assert.Single(run.Variable<List<CountResult>>("counted"));
        Assert.Equal(truth, called.Count);
        Assert.Equal($"The scene has {truth} red circles.", run.Variable<FunctionResult>("reply").ToString());

        // The agent's tool call located the blue square: its point lies inside the real one.
        var square = Assert.Single(scene.Where("blue", SceneShape.Square));
        var located = Assert.Single(run.Variable<List<PointAnnotation>>("located"));
        var pixel = located.Point.ToPixels(new ImageSize(scene.Width, scene.Height));
        Assert.True(square.Contains(pixel.X, pixel.Y), $"{pixel} is not inside the blue square {square.Bounds}");
        Assert.Equal(2, run.Images.Count);
    }
}
