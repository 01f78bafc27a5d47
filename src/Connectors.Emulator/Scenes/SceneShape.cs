namespace Connectors.Emulator.Scenes;

/// <summary>Shapes the scene generator draws and the analyzer recognises.</summary>
public enum SceneShape
{
    /// <summary>A filled circle.</summary>
    Circle,

    /// <summary>A filled axis-aligned square.</summary>
    Square,

    /// <summary>A filled isosceles triangle, apex up.</summary>
    Triangle,
}
