namespace Connectors.Emulator.Scenes;

/// <summary>What the analyzer saw in one image.</summary>
internal sealed record SceneAnalysis(int Width, int Height, string Background, IReadOnlyList<DetectedObject> Objects)
{
    public int GridX(double px) => ToGrid(px, Width);

    public int GridY(double px) => ToGrid(px, Height);

    private static int ToGrid(double px, int dimension) => (int)Math.Clamp(Math.Round(px / dimension * 1000), 0, 1000);
}
