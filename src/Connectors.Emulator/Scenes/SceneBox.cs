namespace Connectors.Emulator.Scenes;

/// <summary>An axis-aligned box in pixels; right and bottom are exclusive edges.</summary>
public readonly record struct SceneBox(double Left, double Top, double Right, double Bottom)
{
    /// <summary>Width in pixels.</summary>
    public double Width => Right - Left;

    /// <summary>Height in pixels.</summary>
    public double Height => Bottom - Top;

    /// <summary>Intersection over union with <paramref name="other"/>.</summary>
    public double IntersectionOverUnion(SceneBox other)
    {
        var w = Math.Min(Right, other.Right) - Math.Max(Left, other.Left);
        var h = Math.Min(Bottom, other.Bottom) - Math.Max(Top, other.Top);
        if (w <= 0 || h <= 0)
        {
            return 0;
        }

        var inter = w * h;
        return inter / ((Width * Height) + (other.Width * other.Height) - inter);
    }
}
