namespace Connectors.Emulator.Scenes;

/// <summary>What <see cref="SceneGenerator"/> draws (and, through <see cref="Video.VideoOptions"/>, each frame of a video).</summary>
public class SceneOptions
{
    /// <summary>Image width in pixels.</summary>
    public int Width { get; set; } = 640;

    /// <summary>Image height in pixels.</summary>
    public int Height { get; set; } = 480;

    /// <summary>Seed of the random placement, so a scene can be drawn again.</summary>
    public int Seed { get; set; }

    /// <summary>Objects that must appear, as (colour, shape); placed first.</summary>
    public IList<(string Color, SceneShape Shape)> Required { get; } = [];

    /// <summary>Objects of random colour and shape added after <see cref="Required"/>.</summary>
    public int RandomObjects { get; set; } = 5;

    /// <summary>Colours random objects are drawn from.</summary>
    public IList<string> Colors { get; } = [.. SceneColors.ShapeColors];

    /// <summary>Background colour name.</summary>
    public string Background { get; set; } = "white";

    /// <summary>Smallest side (or diameter) in pixels.</summary>
    public int MinSize { get; set; } = 40;

    /// <summary>Largest side (or diameter) in pixels.</summary>
    public int MaxSize { get; set; } = 110;

    /// <summary>Gap kept between bounding boxes and to the image edge.</summary>
    public int Margin { get; set; } = 8;
}
