namespace Connectors.Emulator.Scenes;

/// <summary>A drawn scene: the PNG and its ground truth.</summary>
public sealed class GeneratedScene
{
    internal GeneratedScene(byte[] png, int width, int height, IReadOnlyList<SceneObject> objects)
    {
        Png = png;
        Width = width;
        Height = height;
        Objects = objects;
    }

    /// <summary>The encoded PNG.</summary>
    public byte[] Png { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Every drawn object.</summary>
    public IReadOnlyList<SceneObject> Objects { get; }

    /// <summary>The PNG as a <c>data:image/png;base64,...</c> URL.</summary>
    public string ToDataUrl() => "data:image/png;base64," + Convert.ToBase64String(Png);

    /// <summary>Objects of the given colour (any when null) and shape (any when null).</summary>
    public IEnumerable<SceneObject> Where(string? color = null, SceneShape? shape = null) =>
        Objects.Where(o => (color is null || string.Equals(o.Color, color, StringComparison.OrdinalIgnoreCase))
                           && (shape is null || o.Shape == shape));
}
