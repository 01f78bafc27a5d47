using Connectors.Emulator.Scenes.Video;
using Connectors.Perceptron.Grounding;

namespace Connectors.Notebooks.Tests;

[Collection(NotebookCollection.Name)]
public sealed class VideoNotebookTests
{
    [Fact]
    public async Task Video_runs_and_its_tracks_and_moments_match_the_generated_truth()
    {
        var run = await NotebookHarness.RunAsync("06-video.ipynb");
        var video = run.Variable<GeneratedVideo>("video");

        // The bare frames, then the frames with the tracks drawn.
        Assert.Equal(2, run.Images.Count);
        Assert.NotEqual(run.Images[0].Png, run.Images[1].Png);

        var tracks = run.Variable<List<TrackAnnotation>>("tracks");
        Assert.Equal(video.Tracks.Select(t => t.Name).Order(), tracks.Select(t => t.Mention).Order());
        var ious = run.Variable<List<double>>("trackIous");
        Assert.Equal(video.Tracks.Sum(t => t.Waypoints.Count), ious.Count);
        Assert.True(ious.Average() >= 0.8, $"mean IoU {ious.Average():F3}");
        Assert.All(run.Variable<List<double>>("frameOffsets"), offset => Assert.InRange(offset, 0, 250)); // within one frame

        var blue = video.Tracks.Single(t => t.Name == "blue square");
        var clip = Assert.Single(run.Variable<List<ClipAnnotation>>("clips"));
        Assert.InRange(Math.Abs(clip.Time!.Value.TotalMilliseconds - blue.FirstMs), 0, 250);
        Assert.InRange(Math.Abs(clip.End!.Value.TotalMilliseconds - blue.LastMs), 0, 250);
        Assert.Contains("blue square:", run.Cell("Clip the blue square").Text, StringComparison.Ordinal);
    }
}
