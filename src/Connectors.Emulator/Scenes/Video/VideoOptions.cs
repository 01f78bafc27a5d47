namespace Connectors.Emulator.Scenes.Video;

/// <summary>What <see cref="VideoGenerator"/> draws: frames of shapes moving across a plain background.</summary>
public sealed class VideoOptions
{
    /// <summary>Frame width in pixels.</summary>
    public int Width { get; set; } = 320;

    /// <summary>Frame height in pixels.</summary>
    public int Height { get; set; } = 240;

    /// <summary>Number of frames (the API takes 2 to 256).</summary>
    public int Frames { get; set; } = 8;

    /// <summary>Time between frames, in milliseconds.</summary>
    public int FrameIntervalMs { get; set; } = 500;

    /// <summary>Seed of the random layout and motion; the same seed draws the same video.</summary>
    public int Seed { get; set; }

    /// <summary>Objects that must appear, each in a lane of its own.</summary>
    public IList<(string Color, SceneShape Shape)> Required { get; } = [];

    /// <summary>Random objects added after <see cref="Required"/>.</summary>
    public int RandomObjects { get; set; } = 2;

    /// <summary>Whether objects may enter late or leave early (so clips have starts and ends inside the video).</summary>
    public bool ObjectsComeAndGo { get; set; } = true;

    /// <summary>Background colour name.</summary>
    public string Background { get; set; } = "white";
}
