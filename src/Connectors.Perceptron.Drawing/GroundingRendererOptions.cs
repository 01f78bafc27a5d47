using SkiaSharp;

namespace Connectors.Perceptron.Grounding;

/// <summary>How <see cref="GroundingRenderer"/> draws.</summary>
public sealed class GroundingRendererOptions
{
    /// <summary>Gets or sets the line width of boxes and polygons, in pixels.</summary>
    public float StrokeWidth { get; set; } = 3;

    /// <summary>Gets or sets the radius of points, in pixels.</summary>
    public float PointRadius { get; set; } = 6;

    /// <summary>Gets or sets a value indicating whether mentions are written next to their shapes.</summary>
    public bool DrawLabels { get; set; } = true;

    /// <summary>Gets or sets the label text size, in pixels.</summary>
    public float LabelSize { get; set; } = 14;

    /// <summary>
    /// Gets or sets the colours, given to mentions in order of first appearance (cycling when there are more
    /// mentions than colours). Annotations without a mention share one colour.
    /// </summary>
    public IReadOnlyList<SKColor> Palette { get; set; } =
    [
        new(0xE6, 0x19, 0x4B),
        new(0x3C, 0xB4, 0x4B),
        new(0x43, 0x63, 0xD8),
        new(0xF5, 0x82, 0x31),
        new(0x91, 0x1E, 0xB4),
        new(0x42, 0xD4, 0xF4),
        new(0xF0, 0x32, 0xE6),
        new(0xBF, 0xEF, 0x45),
        new(0x46, 0x99, 0x90),
        new(0x9A, 0x63, 0x24),
    ];
}
