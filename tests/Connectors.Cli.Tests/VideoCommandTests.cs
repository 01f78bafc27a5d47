using Connectors.Cli.Tests.Infrastructure;
using Connectors.Emulator.Scenes;
using Connectors.Emulator.Scenes.Video;
using SkiaSharp;

namespace Connectors.Cli.Tests;

/// <summary><c>track</c> and <c>moments</c> over a folder of frames, against an emulator the tool starts.</summary>
public sealed class VideoCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static GeneratedVideo Video() => VideoGenerator.Generate(new VideoOptions
    {
        Seed = 21,
        Frames = 6,
        FrameIntervalMs = 400,
        Required = { ("red", SceneShape.Circle), ("blue", SceneShape.Square) },
        RandomObjects = 0,
    });

    private string Frames(GeneratedVideo video)
    {
        Directory.CreateDirectory(_folder.File("frames"));
        foreach (var frame in video.Frames)
        {
            File.WriteAllBytes(_folder.File($"frames/f{frame.TimestampMs:D6}.png"), frame.Png);
        }

        return _folder.File("frames");
    }

    [Fact]
    public async Task Track_prints_tracks_with_seconds_and_pixels_and_draws_a_contact_sheet()
    {
        var video = Video();
        var sheet = _folder.File("out/sheet.png");

        var result = await Tool.RunAsync("track", Frames(video), "--emulator", "--json", "--out", sheet, "--columns", "3");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json();
        var tracks = json["tracks"]!.AsArray();
        Assert.Equal(video.Tracks.Count, tracks.Count);
        foreach (var truth in video.Tracks)
        {
            var track = tracks.Single(t => t!["label"]!.GetValue<string>() == truth.Name)!;
            Assert.Equal(truth.Waypoints.Select(w => w.TimestampMs / 1000.0), track["boxes"]!.AsArray().Select(b => b!["seconds"]!.GetValue<double>()));
            var px = track["boxes"]![0]!["pixelBox"]!;
            var box = new SceneBox(px["topLeft"]!["x"]!.GetValue<int>(), px["topLeft"]!["y"]!.GetValue<int>(), px["bottomRight"]!["x"]!.GetValue<int>(), px["bottomRight"]!["y"]!.GetValue<int>());
            Assert.True(box.IntersectionOverUnion(truth.Waypoints[0].Bounds) >= 0.8);
        }

        Assert.Equal(Path.GetFullPath(sheet), json["annotatedImage"]!.GetValue<string>());
        using var drawn = SKBitmap.Decode(sheet);
        Assert.Equal((3 * video.Width, 2 * (video.Height + 20)), (drawn.Width, drawn.Height)); // 6 frames in rows of 3, a caption under each
    }

    [Fact]
    public async Task Moments_prints_when_the_object_is_on_screen()
    {
        var video = Video();
        var truth = video.Tracks.Single(t => t.Name == "blue square");

        var result = await Tool.RunAsync("moments", Frames(video), "the blue square", "--emulator", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var moment = Assert.Single(result.Json()["moments"]!.AsArray())!;
        Assert.Equal(truth.FirstMs / 1000.0, moment["startSeconds"]!.GetValue<double>());
        Assert.Equal(truth.LastMs / 1000.0, moment["endSeconds"]!.GetValue<double>());
    }

    [Fact]
    public async Task A_contact_sheet_of_a_whole_video_is_refused_with_what_to_pass()
    {
        var mp4 = _folder.File("clip.mp4");
        var bytes = new byte[64];
        "ftypisom"u8.CopyTo(bytes.AsSpan(4));
        File.WriteAllBytes(mp4, bytes);

        var result = await Tool.RunAsync("track", mp4, "--emulator", "--out", _folder.File("sheet.png"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("needs a folder of frames", result.ToString(), StringComparison.Ordinal);
    }
}
