namespace Connectors.Emulator.Scenes.Video;

/// <summary>
/// What <see cref="VideoGenerator"/> draws: frames of shapes moving across a plain background. The scene settings
/// apply to every frame, with video defaults (320 x 240, two random objects); each object glides along a lane of its
/// own, <see cref="SceneOptions.Height"/> divided by the number of objects, and is as large as its lane allows (70% of
/// it, keeping <see cref="SceneOptions.Margin"/> to the lane's neighbours and the edges) up to
/// <see cref="SceneOptions.MaxSize"/>; lanes too narrow for <see cref="SceneOptions.MinSize"/> are refused.
/// </summary>
public sealed class VideoOptions : SceneOptions
{
    /// <summary>Creates the options with the video defaults.</summary>
    public VideoOptions()
    {
        Width = 320;
        Height = 240;
        RandomObjects = 2;
        MinSize = 16;
        MaxSize = 80;
        Margin = 4;
    }

    /// <summary>Number of frames (the API takes 2 to 256).</summary>
    public int Frames { get; set; } = 8;

    /// <summary>Time between frames, in milliseconds.</summary>
    public int FrameIntervalMs { get; set; } = 500;

    /// <summary>Whether objects may enter late or leave early (so clips have starts and ends inside the video).</summary>
    public bool ObjectsComeAndGo { get; set; } = true;
}
