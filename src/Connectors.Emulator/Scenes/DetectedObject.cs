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
    public string Name => $"{Color} {Shape.ToString().ToLowerInvariant()}";
}
