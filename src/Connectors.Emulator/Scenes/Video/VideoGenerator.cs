namespace Connectors.Emulator.Scenes.Video;

/// <summary>
/// Draws short videos of solid shapes gliding across a plain background, as timestamped PNG frames, with the true
/// track of every object. Each object keeps to a horizontal lane of its own, so objects never overlap and the truth
/// box is exactly what is drawn.
/// </summary>
public static class VideoGenerator
{
    /// <summary>Draws a video as <paramref name="options"/> says.</summary>
    /// <exception cref="ArgumentException">The options cannot make a video (sizes, frame count, too many objects for the height).</exception>
    public static GeneratedVideo Generate(VideoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Frames is < 2 or > 256 || options.FrameIntervalMs <= 0 || options.Width < 64 || options.Height < 64)
        {
            throw new ArgumentException("VideoOptions: Frames must be 2 to 256, FrameIntervalMs positive, Width and Height at least 64.", nameof(options));
        }

        if (options.RandomObjects > 0 && options.Colors.Count == 0)
        {
            throw new ArgumentException("VideoOptions: Colors is empty, so random objects have no colour to take.", nameof(options));
        }

        var random = new Random(options.Seed);
        var wanted = new List<(string Color, SceneShape Shape)>(options.Required);
        for (var i = 0; i < options.RandomObjects; i++)
        {
            wanted.Add((options.Colors[random.Next(options.Colors.Count)], (SceneShape)random.Next(3)));
        }

        if (wanted.Count == 0)
        {
            throw new ArgumentException("VideoOptions: no objects to draw (Required is empty and RandomObjects is 0).", nameof(options));
        }

        // Each object gets a lane. Its half-size, in whole pixels so the truth box is exactly what is drawn, keeps
        // Margin to the neighbouring lanes and to the edges, and at most half the width, so it has room to move.
        var lane = options.Height / wanted.Count;
        var half = Math.Floor(Math.Min(Math.Min(lane * 0.35, options.MaxSize / 2.0), Math.Min((lane / 2.0) - options.Margin, (options.Width / 4.0) - (options.Margin / 2.0))));
        if (half < 1 || 2 * half < options.MinSize)
        {
            throw new ArgumentException($"VideoOptions: {wanted.Count} objects of at least {options.MinSize} pixels do not fit in lanes of {lane} pixels (a height of {options.Height}) with a margin of {options.Margin}.", nameof(options));
        }

        var movers = wanted.Select((w, i) => Mover.Create(w.Color, w.Shape, i, lane, half, options, random)).ToList();
        var frames = new List<VideoFrame>(options.Frames);
        var waypoints = movers.Select(_ => new List<(int, SceneBox)>()).ToList();
        for (var f = 0; f < options.Frames; f++)
        {
            var time = f * options.FrameIntervalMs;
            var visible = new List<SceneObject>();
            for (var m = 0; m < movers.Count; m++)
            {
                if (movers[m].At(f) is { } o)
                {
                    visible.Add(o);
                    waypoints[m].Add((time, o.Bounds));
                }
            }

            frames.Add(new VideoFrame(SceneGenerator.Render(options.Width, options.Height, options.Background, visible), time));
        }

        var tracks = movers.Select((m, i) => new VideoTrack(m.Name, waypoints[i])).Where(t => t.Waypoints.Count > 0).ToList();
        return new GeneratedVideo(options.Width, options.Height, frames, tracks);
    }

    /// <summary>One object's motion: a lane, a start, a whole-pixel step per frame, and the frames it is on screen.</summary>
    private sealed record Mover(string Color, SceneShape Shape, double CenterY, double Half, double StartX, double Step, int FirstFrame, int LastFrame)
    {
        public string Name => $"{Color} {Shape.ToString().ToLowerInvariant()}";

        public static Mover Create(string color, SceneShape shape, int index, int lane, double half, VideoOptions options, Random random)
        {
            var centerY = (index * lane) + Math.Round(lane / 2.0);
            var span = options.Width - (2 * (half + options.Margin));
            var step = Math.Max(1, Math.Floor(span / (options.Frames - 1)));
            var forward = random.Next(2) == 0;
            var startX = forward ? half + options.Margin : options.Width - half - options.Margin;
            var first = 0;
            var last = options.Frames - 1;
            if (options.ObjectsComeAndGo && options.Frames >= 4)
            {
                first = random.Next(0, options.Frames / 3);
                last = random.Next((2 * options.Frames / 3) - 1, options.Frames);
            }

            return new Mover(color, shape, centerY, half, startX, forward ? step : -step, first, last);
        }

        public SceneObject? At(int frame)
        {
            if (frame < FirstFrame || frame > LastFrame)
            {
                return null;
            }

            var x = StartX + (Step * frame);
            return new SceneObject(Color, Shape, x, CenterY, Half);
        }
    }
}
