using System.Globalization;

namespace Connectors.Emulator.Scenes;

/// <summary>An axis-aligned box in pixels; right and bottom are exclusive edges.</summary>
/// <remarks>Two boxes with the same edges are equal (the struct's field-wise equality).</remarks>
public readonly struct SceneBox
{
    /// <summary>Creates a box from its edges.</summary>
    /// <param name="left">Left edge.</param>
    /// <param name="top">Top edge.</param>
    /// <param name="right">Right edge (exclusive).</param>
    /// <param name="bottom">Bottom edge (exclusive).</param>
    public SceneBox(double left, double top, double right, double bottom)
    {
        Left = left;
        Top = top;
        Right = right;
        Bottom = bottom;
    }

    /// <summary>Left edge in pixels.</summary>
    public double Left { get; }

    /// <summary>Top edge in pixels.</summary>
    public double Top { get; }

    /// <summary>Right edge in pixels (exclusive).</summary>
    public double Right { get; }

    /// <summary>Bottom edge in pixels (exclusive).</summary>
    public double Bottom { get; }

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

    /// <summary>The edges, as <c>(left, top)-(right, bottom)</c>: for test and notebook messages.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"({Left}, {Top})-({Right}, {Bottom})");
}
