namespace Connectors.Perceptron.Grounding;

/// <summary>The vendor's rule between the 0–1000 grid and pixels.</summary>
internal static class GridScale
{
    /// <summary>The largest grid coordinate.</summary>
    public const int Max = 1000;

    /// <summary><c>round(v / 1000 * dimension)</c>, half to even, clamped to <c>[0, dimension-1]</c>.</summary>
    /// <remarks>Same double arithmetic as the vendor SDK so that ties round the same way.</remarks>
    public static int ToPixel(int value, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        var scaled = Math.Round(value / (double)Max * dimension, MidpointRounding.ToEven);
        return (int)Math.Clamp(scaled, 0, dimension - 1);
    }

    /// <summary><c>round(p / dimension * 1000)</c>, half to even, clamped to <c>[0, 1000]</c>.</summary>
    public static int ToGrid(int pixel, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        var scaled = Math.Round(pixel / (double)dimension * Max, MidpointRounding.ToEven);
        return (int)Math.Clamp(scaled, 0, Max);
    }
}
