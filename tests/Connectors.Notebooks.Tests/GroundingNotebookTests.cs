using Connectors.Emulator.Scenes;
using Connectors.Perceptron.Grounding;

namespace Connectors.Notebooks.Tests;

[Collection(NotebookCollection.Name)]
public sealed class GroundingNotebookTests
{
    [Fact]
    public async Task Grounding_runs_and_every_task_matches_the_ground_truth()
    {
        var run = await NotebookHarness.RunAsync("02-grounding.ipynb");
        var scene = run.Variable<GeneratedScene>("scene");

        // The scene and one annotated picture per task.
        Assert.Equal(5, run.Images.Count);
        Assert.All(run.Images, image => Assert.Equal((480, 320), image.Size));
        Assert.All(run.Images.Skip(1), image => Assert.NotEqual(run.Images[0].Png, image.Png));

        var ious = run.Variable<List<double>>("ious");
        Assert.Equal(scene.Objects.Count, ious.Count);
        Assert.All(ious, iou => Assert.True(iou >= 0.9, $"IoU {iou:F3}"));

        Assert.Equal(3, scene.Where("red", SceneShape.Circle).Count());
        Assert.Contains("There are 3 red circles.", run.Cell("How many red circles").Text, StringComparison.Ordinal);
        Assert.Equal(3, run.Variable<List<PixelPoint>>("countedPoints").Count);
        Assert.Equal(3, run.Variable<int>("countHits"));

        var located = run.Variable<GroundingContent>("located").Leaves;
        Assert.Equal(scene.Where("blue", SceneShape.Square).Count() + scene.Where("yellow", SceneShape.Triangle).Count(), located.Count);
        Assert.Equal(located.Count, run.Variable<int>("locatedHits"));

        var polygons = run.Variable<List<PolygonAnnotation>>("polygons");
        Assert.Equal(scene.Where("red", SceneShape.Circle).Count() + scene.Where("yellow", SceneShape.Triangle).Count(), polygons.Count);
        Assert.All(polygons, p => Assert.True(p.Polygon.Vertices.Count >= 3));
    }
}
