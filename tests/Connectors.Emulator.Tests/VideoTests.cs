using System.Globalization;
using System.Text.RegularExpressions;
using Connectors.Emulator.Scenes;
using Connectors.Emulator.Scenes.Video;

namespace Connectors.Emulator.Tests;

/// <summary>Generated videos and the emulator's answers over them: tracks and clips that match the truth.</summary>
public sealed partial class VideoTests
{
    private static GeneratedVideo Video(int seed = 4) =>
        VideoGenerator.Generate(new VideoOptions { Seed = seed, Frames = 8, Required = { ("red", SceneShape.Circle), ("blue", SceneShape.Square) }, RandomObjects = 1 });

    private static List<(byte[], int)> Frames(GeneratedVideo video) => [.. video.Frames.Select(f => (f.Png, f.TimestampMs))];

    [Fact]
    public void A_generated_video_moves_each_object_in_its_own_lane_and_records_where_it_is()
    {
        var video = Video();

        Assert.Equal(8, video.Frames.Count);
        Assert.Equal([0, 500, 1000, 1500, 2000, 2500, 3000, 3500], video.Frames.Select(f => f.TimestampMs));
        Assert.Equal(3, video.Tracks.Count);
        foreach (var track in video.Tracks)
        {
            Assert.True(track.Waypoints.Count >= 2);
            Assert.All(track.Waypoints, w => Assert.True(w.Bounds.Left >= 0 && w.Bounds.Right <= video.Width && w.Bounds.Top >= 0 && w.Bounds.Bottom <= video.Height));
            Assert.NotEqual(track.Waypoints[0].Bounds, track.Waypoints[^1].Bounds); // it moves
        }

        Assert.Equal(Video().Frames[3].Png, video.Frames[3].Png); // the seed decides everything
    }

    [Fact]
    public void Tracking_answers_one_track_per_object_with_a_box_per_frame_matching_the_truth()
    {
        var video = Video();

        var answer = VideoAnswerer.Answer(Frames(video), "<hint>BOX</hint>\nYour goal is to segment out the objects in the scene. Make sure to track the objects.", "", clipHint: false, assetIndex: 0, writeAssetIndex: false);

        var tracks = TrackTag().Matches(answer).ToList();
        Assert.Equal(video.Tracks.Count, tracks.Count);
        var ious = new List<double>();
        foreach (var truth in video.Tracks)
        {
            var track = Assert.Single(tracks, t => t.Groups["mention"].Value == truth.Name);
            var boxes = BoxTag().Matches(track.Groups["body"].Value).ToList();
            Assert.Equal(truth.Waypoints.Select(w => w.TimestampMs), boxes.Select(b => (int)Math.Round(double.Parse(b.Groups["t"].Value, CultureInfo.InvariantCulture) * 1000)));
            for (var i = 0; i < boxes.Count; i++)
            {
                var g = boxes[i].Groups;
                var box = new SceneBox(Px(g["x1"], video.Width), Px(g["y1"], video.Height), Px(g["x2"], video.Width), Px(g["y2"], video.Height));
                ious.Add(box.IntersectionOverUnion(truth.Waypoints[i].Bounds));
            }
        }

        Assert.True(ious.Average() >= 0.8, $"mean IoU {ious.Average():F2}");
    }

    [Fact]
    public void A_clip_query_answers_the_moments_the_object_is_on_screen()
    {
        var video = Video();
        var truth = video.Tracks.Single(t => t.Name == "red circle");

        var answer = VideoAnswerer.Answer(Frames(video), "<hint>CLIP</hint>", "Clip the red circle.", clipHint: true, assetIndex: 1, writeAssetIndex: true);

        var clip = ClipTag().Match(answer);
        Assert.True(clip.Success, answer);
        Assert.Equal("red circle", clip.Groups["mention"].Value);
        Assert.Equal("1", clip.Groups["asset"].Value);
        Assert.Equal(truth.FirstMs / 1000.0, double.Parse(clip.Groups["start"].Value, CultureInfo.InvariantCulture));
        Assert.Equal(truth.LastMs / 1000.0, double.Parse(clip.Groups["end"].Value, CultureInfo.InvariantCulture));
        Assert.Equal("No green triangle appears in the video.", VideoAnswerer.Answer(Frames(video), "", "Clip the green triangle.", clipHint: true, 0, false));
    }

    [Fact]
    public void The_scene_settings_a_video_inherits_shape_every_frame()
    {
        var options = new VideoOptions { Width = 200, Height = 150, Seed = 3, RandomObjects = 3, Margin = 10, MaxSize = 30, Background = "gray", ObjectsComeAndGo = false };
        options.Colors.Clear();
        options.Colors.Add("green");

        var video = VideoGenerator.Generate(options);

        Assert.Equal((200, 150), (video.Width, video.Height));
        Assert.Equal(3, video.Tracks.Count);
        Assert.All(video.Tracks, t => Assert.StartsWith("green ", t.Name, StringComparison.Ordinal));
        var boxes = video.Tracks.SelectMany(t => t.Waypoints.Select(w => w.Bounds)).ToList();
        Assert.All(boxes, b => Assert.True(b.Width <= 30 && b.Left >= 10 && b.Top >= 10 && b.Right <= 190 && b.Bottom <= 140, $"{b}"));
        // Lanes keep the margin between neighbours too.
        var lanes = video.Tracks.Select(t => t.Waypoints[0].Bounds).OrderBy(b => b.Top).ToList();
        Assert.All(lanes.Zip(lanes.Skip(1)), pair => Assert.True(pair.Second.Top - pair.First.Bottom >= 10, $"{pair.First} {pair.Second}"));
        using var frame = SkiaSharp.SKBitmap.Decode(video.Frames[0].Png);
        Assert.Equal(SceneColors.Get("gray"), frame.GetPixel(0, 0));
    }

    [Fact]
    public void Lanes_too_narrow_for_the_smallest_size_are_refused() =>
        Assert.Throws<ArgumentException>(() => VideoGenerator.Generate(new VideoOptions { Height = 120, RandomObjects = 4, MinSize = 40 }));

    [Theory]
    [InlineData(1)]
    [InlineData(300)]
    public void Frame_counts_the_api_refuses_are_refused(int frames) =>
        Assert.Throws<ArgumentException>(() => VideoGenerator.Generate(new VideoOptions { Frames = frames }));

    private static double Px(Group grid, int size) => int.Parse(grid.Value, CultureInfo.InvariantCulture) / 1000.0 * size;

    [GeneratedRegex("""<track mention="(?<mention>[^"]+)">(?<body>.*?)</track>""", RegexOptions.Singleline)]
    private static partial Regex TrackTag();

    [GeneratedRegex("""<point_box t="(?<t>[\d.]+)"> \((?<x1>\d+),(?<y1>\d+)\) \((?<x2>\d+),(?<y2>\d+)\) </point_box>""")]
    private static partial Regex BoxTag();

    [GeneratedRegex("""<clip mention="(?<mention>[^"]+)" asset_idx="(?<asset>\d+)" t="(?<start>[\d.]+) (?<end>[\d.]+)" />""")]
    private static partial Regex ClipTag();
}
