using Connectors.Emulator;
using Connectors.Emulator.Scenes;
using Connectors.Emulator.Scenes.Video;
using Connectors.Perceptron.Grounding;
using Microsoft.Extensions.AI;
using Frame = Connectors.Perceptron.VideoFrame;

namespace Connectors.Perceptron.Tests;

/// <summary>Videos as frames, whole videos and audio through the client to the emulator over real HTTP.</summary>
public sealed class VideoEndToEndTests : IAsyncLifetime
{
    private const string TrackPrompt = "Your goal is to segment out the objects in the scene. Make sure to track the objects.";

    private EmulatorServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await EmulatorServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private PerceptronChatClient Client() => new(new PerceptronClientOptions { Endpoint = _server.PerceptronEndpoint, ApiKey = "emulator-key" });

    private static GeneratedVideo Video(int seed, int frames = 12) => VideoGenerator.Generate(new VideoOptions
    {
        Seed = seed,
        Frames = frames,
        FrameIntervalMs = 250,
        Required = { ("red", SceneShape.Circle), ("blue", SceneShape.Square) },
        RandomObjects = 1,
    });

    private static VideoFramesContent Frames(GeneratedVideo video) =>
        new(video.Frames.Select(f => new Frame(new DataContent(f.Png, "image/png"), TimeSpan.FromMilliseconds(f.TimestampMs))));

    [Theory]
    [InlineData(3, false)]
    [InlineData(8, true)]
    public async Task Tracks_of_moving_shapes_match_the_truth_in_pixels_and_time(int seed, bool streaming)
    {
        var video = Video(seed);
        var frames = Frames(video);
        using var client = Client();
        List<ChatMessage> messages = [new(ChatRole.User, [frames])];
        var options = new ChatOptions { Instructions = TrackPrompt }.WithHints(PerceptronHints.Box);

        var response = streaming
            ? await client.GetStreamingResponseAsync(messages, options, TestContext.Current.CancellationToken).ToChatResponseAsync(TestContext.Current.CancellationToken)
            : await client.GetResponseAsync(messages, options, TestContext.Current.CancellationToken);

        // Grounding contents carry the leaves (one per piece when streaming); the text keeps the tracks whole.
        var size = new ImageSize(video.Width, video.Height);
        Assert.All(response.GetGrounding(), g => Assert.Equal((0, size), (g.ImageIndex, g.ImageSize)));
        Assert.Equal(video.Tracks.Sum(t => t.Waypoints.Count), response.GetGrounding().Sum(g => g.Leaves.Count));
        var tracks = GroundingParser.Parse(response.Text).Annotations.OfType<TrackAnnotation>().ToList();
        Assert.Equal(video.Tracks.Count, tracks.Count);
        var ious = new List<double>();
        foreach (var truth in video.Tracks)
        {
            var track = Assert.Single(tracks, t => t.Mention == truth.Name);
            var boxes = track.Children.OfType<BoxAnnotation>().ToList();
            Assert.Equal(truth.Waypoints.Count, boxes.Count);
            for (var i = 0; i < boxes.Count; i++)
            {
                var (ms, bounds) = truth.Waypoints[i];
                var time = boxes[i].Time!.Value;
                Assert.InRange(Math.Abs(time.TotalMilliseconds - ms), 0, 250); // within one frame
                Assert.Equal(TimeSpan.FromMilliseconds(ms), frames.Frames[frames.FrameIndexAt(time)].Timestamp);
                var px = boxes[i].Box.ToPixels(size);
                ious.Add(new SceneBox(px.TopLeft.X, px.TopLeft.Y, px.BottomRight.X, px.BottomRight.Y).IntersectionOverUnion(bounds));
            }
        }

        Assert.True(ious.Average() >= 0.8, $"mean IoU {ious.Average():F3}");
    }

    [Fact]
    public async Task A_clip_query_finds_the_moments_the_object_is_on_screen()
    {
        var video = Video(5);
        var truth = video.Tracks.Single(t => t.Name == "blue square");
        using var client = Client();
        List<ChatMessage> messages = [new(ChatRole.User, [Frames(video), new TextContent("Clip the blue square.")])];

        var response = await client.GetResponseAsync(messages, new ChatOptions().WithHints(PerceptronHints.Clip), TestContext.Current.CancellationToken);

        var clip = Assert.IsType<ClipAnnotation>(Assert.Single(Assert.Single(response.GetGrounding()).Leaves));
        Assert.Equal("blue square", clip.Mention);
        Assert.InRange(Math.Abs(clip.Time!.Value.TotalMilliseconds - truth.FirstMs), 0, 250);
        Assert.InRange(Math.Abs(clip.End!.Value.TotalMilliseconds - truth.LastMs), 0, 250);
    }

    [Fact]
    public async Task A_video_after_an_image_is_asset_1_and_its_tracks_say_so()
    {
        var video = Video(2, frames: 6);
        using var client = Client();
        var still = SceneGenerator.Generate(new SceneOptions { Seed = 1 }).Png;
        List<ChatMessage> messages = [new(ChatRole.User, [new DataContent(still, "image/png"), Frames(video)])];

        var response = await client.GetResponseAsync(messages, new ChatOptions { Instructions = TrackPrompt }.WithHints(PerceptronHints.Box), TestContext.Current.CancellationToken);

        var grounding = Assert.Single(response.GetGrounding());
        Assert.Equal(1, grounding.ImageIndex);
        Assert.Equal(new ImageSize(video.Width, video.Height), grounding.ImageSize);
        Assert.All(grounding.Leaves, leaf => Assert.Equal(1, leaf.AssetIndex));
        Assert.Equal(video.Tracks.Count, GroundingParser.Parse(response.Text).Annotations.OfType<TrackAnnotation>().Count());
    }

    [Fact]
    public async Task Whole_videos_and_audio_are_accepted_described_and_their_sound_counted()
    {
        var mp4 = new byte[4096];
        "ftypisom"u8.CopyTo(mp4.AsSpan(4));
        using var client = Client();
        List<ChatMessage> messages = [new(ChatRole.User, [new DataContent(mp4, "video/mp4"), new DataContent(Wav(seconds: 2), "audio/wav"), new TextContent("What do you see and hear?")])];

        var response = await client.GetResponseAsync(messages, new ChatOptions().WithAudioInVideo(), TestContext.Current.CancellationToken);

        Assert.Contains("a 4 KB mp4 video", response.Text, StringComparison.Ordinal);
        Assert.Contains("wav audio, 2 seconds long", response.Text, StringComparison.Ordinal);
        Assert.Equal(200, response.Usage!.AdditionalCounts!["prompt_tokens_details.audio_tokens"]); // the audio part and the video's soundtrack
    }

    /// <summary>A silent 8 kHz mono 8-bit PCM wav.</summary>
    private static byte[] Wav(int seconds)
    {
        const int rate = 8000;
        var data = rate * seconds;
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream);
        w.Write("RIFF"u8);
        w.Write(36 + data);
        w.Write("WAVEfmt "u8);
        w.Write(16);
        w.Write((short)1);
        w.Write((short)1);
        w.Write(rate);
        w.Write(rate); // byte rate
        w.Write((short)1);
        w.Write((short)8);
        w.Write("data"u8);
        w.Write(data);
        w.Write(new byte[data]);
        w.Flush();
        return stream.ToArray();
    }
}
