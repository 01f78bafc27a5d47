namespace Connectors.Emulator.Scenes;

/// <summary>A connected region the analyzer found, in pixels.</summary>
internal sealed record DetectedObject(
    string Color,
    SceneShape Shape,
    int Left,
    int Top,
    int Right,
    int Bottom,
    double CentroidX,
    double CentroidY,
    int Area,
    IReadOnlyList<(double X, double Y)> Outline)
{
    /// <summary>What a few-shot example called objects that look like this one, if any.</summary>
    public string? Label { get; init; }

    /// <summary>The example's label, else the colour and shape: <c>red circle</c>.</summary>
    public string Name => Label ?? $"{Color} {Shape.ToString().ToLowerInvariant()}";
}
