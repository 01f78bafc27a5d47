namespace Connectors.Emulator.Scenes.Video;

/// <summary>A generated video as timestamped PNG frames, with the true track of every object.</summary>
public sealed class GeneratedVideo
{
    internal GeneratedVideo(int width, int height, IReadOnlyList<VideoFrame> frames, IReadOnlyList<VideoTrack> tracks)
    {
        Width = width;
        Height = height;
        Frames = frames;
        Tracks = tracks;
    }

    /// <summary>Frame width in pixels.</summary>
    public int Width { get; }

    /// <summary>Frame height in pixels.</summary>
    public int Height { get; }

    /// <summary>The frames in time order.</summary>
    public IReadOnlyList<VideoFrame> Frames { get; }

    /// <summary>The truth: one track per object, with its box in every frame where it is visible.</summary>
    public IReadOnlyList<VideoTrack> Tracks { get; }
}

/// <summary>One frame: a PNG and its time from the start of the video.</summary>
public sealed class VideoFrame
{
    internal VideoFrame(byte[] png, int timestampMs)
    {
        Png = png;
        TimestampMs = timestampMs;
    }

    /// <summary>The PNG bytes.</summary>
    public byte[] Png { get; }

    /// <summary>Milliseconds from the start.</summary>
    public int TimestampMs { get; }
}

/// <summary>Where one object is over time.</summary>
public sealed class VideoTrack
{
    internal VideoTrack(string name, IReadOnlyList<(int TimestampMs, SceneBox Bounds)> waypoints)
    {
        Name = name;
        Waypoints = waypoints;
    }

    /// <summary>"colour shape", as the emulator names objects.</summary>
    public string Name { get; }

    /// <summary>The object's box in each frame it is visible, in time order.</summary>
    public IReadOnlyList<(int TimestampMs, SceneBox Bounds)> Waypoints { get; }

    /// <summary>When it is first seen, in milliseconds.</summary>
    public int FirstMs => Waypoints[0].TimestampMs;

    /// <summary>When it is last seen, in milliseconds.</summary>
    public int LastMs => Waypoints[^1].TimestampMs;
}
