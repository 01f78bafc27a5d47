using Connectors.Emulator;
using Connectors.Emulator.Scenes;
using Connectors.Emulator.Scenes.Video;
using Connectors.Perceptron;

namespace Connectors.SemanticKernel.Tests;

/// <summary>TrackObjects and FindMoments over a folder of frames, against the emulator over HTTP.</summary>
public sealed class VideoPluginTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "vision-video-" + Guid.NewGuid().ToString("N"));
    private EmulatorServer _server = null!;
    private PerceptronChatClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        _server = await EmulatorServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        _client = new PerceptronChatClient(new PerceptronClientOptions { Endpoint = _server.PerceptronEndpoint, ApiKey = "emulator-key" });
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static GeneratedVideo Video() => VideoGenerator.Generate(new VideoOptions
    {
        Seed = 12,
        Frames = 10,
        FrameIntervalMs = 200,
        Required = { ("red", SceneShape.Circle), ("green", SceneShape.Triangle) },
        RandomObjects = 0,
    });

    /// <summary>Writes the frames as frame-&lt;ms&gt;.png (not zero-padded, so name order is not time order).</summary>
    private string WriteFrames(GeneratedVideo video)
    {
        var folder = Path.Combine(_root, "clip");
        Directory.CreateDirectory(folder);
        foreach (var frame in video.Frames)
        {
            File.WriteAllBytes(Path.Combine(folder, $"frame-{frame.TimestampMs}.png"), frame.Png);
        }

        return folder;
    }

    private VisionPlugin Plugin() => new(_client, new VisionPluginOptions { AllowedImageRoots = { _root } });

    [Fact]
    public async Task TrackObjects_over_a_frames_folder_matches_the_true_tracks_in_pixels_and_seconds()
    {
        var video = Video();
        WriteFrames(video);

        var result = await Plugin().TrackObjectsAsync("clip", cancellationToken: Token);

        Assert.Equal((video.Width, video.Height), (result.Image.Width, result.Image.Height));
        Assert.Equal(video.Tracks.Count, result.Tracks.Count);
        var ious = new List<double>();
        foreach (var truth in video.Tracks)
        {
            var track = Assert.Single(result.Tracks, t => t.Label == truth.Name);
            Assert.Equal(truth.Waypoints.Select(w => w.TimestampMs / 1000.0), track.Boxes.Select(b => b.Seconds!.Value));
            ious.AddRange(track.Boxes.Zip(truth.Waypoints, (b, w) =>
                w.Bounds.IntersectionOverUnion(new SceneBox(b.PixelBox!.Value.TopLeft.X, b.PixelBox.Value.TopLeft.Y, b.PixelBox.Value.BottomRight.X, b.PixelBox.Value.BottomRight.Y))));
            Assert.Equal(truth.FirstMs / 1000.0, track.FirstSeconds);
        }

        Assert.True(ious.Average() >= 0.8, $"mean IoU {ious.Average():F3}");
    }

    [Fact]
    public async Task FindMoments_returns_when_the_object_is_on_screen_and_nothing_for_an_absent_one()
    {
        var video = Video();
        WriteFrames(video);
        var truth = video.Tracks.Single(t => t.Name == "green triangle");

        var found = await Plugin().FindMomentsAsync(Path.Combine(_root, "clip"), "the green triangle", Token);
        var absent = await Plugin().FindMomentsAsync("clip", "a blue square", Token);

        var moment = Assert.Single(found.Moments);
        Assert.Equal((truth.FirstMs / 1000.0, truth.LastMs / 1000.0), (moment.StartSeconds, moment.EndSeconds!.Value));
        Assert.Empty(absent.Moments);
        Assert.Contains("No blue square", absent.Answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Videos_outside_the_allowed_folders_or_of_unknown_formats_are_refused_with_what_to_pass()
    {
        File.WriteAllBytes(Path.Combine(_root, "movie.avi"), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
        Directory.CreateDirectory(Path.Combine(_root, "one"));
        File.WriteAllBytes(Path.Combine(_root, "one", "f0.png"), Video().Frames[0].Png);

        var format = await Assert.ThrowsAsync<ImageReferenceException>(() => Plugin().TrackObjectsAsync("movie.avi", cancellationToken: Token));
        var few = await Assert.ThrowsAsync<ImageReferenceException>(() => Plugin().TrackObjectsAsync("one", cancellationToken: Token));
        var outside = await Assert.ThrowsAsync<ImageReferenceException>(() => Plugin().FindMomentsAsync("/etc", "anything", Token));

        Assert.Contains("not an mp4 or webm video", format.Message, StringComparison.Ordinal);
        Assert.Contains("holds 1 frames", few.Message, StringComparison.Ordinal);
        Assert.Contains("outside the folders", outside.Message, StringComparison.Ordinal);
    }
}
