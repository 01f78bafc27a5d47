namespace Connectors.Emulator.Scenes;

/// <summary>Ground truth of one drawn object.</summary>
public sealed class SceneObject
{
    internal SceneObject(string color, SceneShape shape, double centerX, double centerY, double halfSize)
    {
        Color = color;
        Shape = shape;
        CenterX = centerX;
        CenterY = centerY;
        HalfSize = halfSize;
        Bounds = new SceneBox(centerX - halfSize, centerY - halfSize, centerX + halfSize, centerY + halfSize);
    }

    /// <summary>Colour name: red, green, blue, yellow, orange, purple, black, white, gray, pink, brown or cyan.</summary>
    public string Color { get; }

    /// <summary>Shape.</summary>
    public SceneShape Shape { get; }

    /// <summary>"colour shape", e.g. "red circle": the mention the emulator answers with.</summary>
    public string Name => $"{Color} {Shape.ToString().ToLowerInvariant()}";

    /// <summary>Centre of the bounding box, x in pixels.</summary>
    internal double CenterX { get; }

    /// <summary>Centre of the bounding box, y in pixels.</summary>
    internal double CenterY { get; }

    /// <summary>Half the side of the bounding square (the radius for circles).</summary>
    internal double HalfSize { get; }

    /// <summary>Pixel bounding box.</summary>
    public SceneBox Bounds { get; }

    /// <summary>Whether the pixel position lies inside the drawn shape.</summary>
    public bool Contains(double x, double y)
    {
        switch (Shape)
        {
            case SceneShape.Circle:
                var dx = x - CenterX;
                var dy = y - CenterY;
                return (dx * dx) + (dy * dy) <= HalfSize * HalfSize;
            case SceneShape.Square:
                return x >= Bounds.Left && x <= Bounds.Right && y >= Bounds.Top && y <= Bounds.Bottom;
            default:
                if (y < Bounds.Top || y > Bounds.Bottom)
                {
                    return false;
                }

                // Apex at the top centre, base along the bottom: the half-width grows linearly downwards.
                var halfWidth = HalfSize * (y - Bounds.Top) / Bounds.Height;
                return Math.Abs(x - CenterX) <= halfWidth;
        }
    }

    /// <summary>Triangle vertices (apex, bottom-left, bottom-right) in pixels.</summary>
    internal (float X, float Y)[] TriangleVertices() =>
    [
        ((float)CenterX, (float)Bounds.Top),
        ((float)Bounds.Left, (float)Bounds.Bottom),
        ((float)Bounds.Right, (float)Bounds.Bottom),
    ];
}
