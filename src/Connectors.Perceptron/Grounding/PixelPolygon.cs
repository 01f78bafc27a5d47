using System.Text.Json.Serialization;

namespace Connectors.Perceptron.Grounding;

/// <summary>A polygon in image pixels. Equality compares the vertices in order.</summary>
public readonly struct PixelPolygon : IEquatable<PixelPolygon>
{
    private readonly PixelPoint[]? _vertices;

    /// <summary>Creates a polygon.</summary>
    /// <param name="vertices">The vertices in order.</param>
    [JsonConstructor]
    public PixelPolygon(IReadOnlyList<PixelPoint> vertices)
    {
        ArgumentNullException.ThrowIfNull(vertices);
        _vertices = [.. vertices];
    }

    /// <summary>Gets the vertices in order.</summary>
    [JsonPropertyName("vertices")]
    public IReadOnlyList<PixelPoint> Vertices => _vertices ?? [];

    /// <summary>Converts every vertex back to the 0–1000 grid.</summary>
    /// <param name="size">The image size.</param>
    /// <returns>The grid polygon.</returns>
    public GridPolygon ToGrid(ImageSize size)
    {
        var source = _vertices ?? [];
        var result = new GridPoint[source.Length];
        for (var i = 0; i < source.Length; i++)
        {
            result[i] = source[i].ToGrid(size);
        }

        return new GridPolygon(result);
    }

    /// <inheritdoc/>
    public bool Equals(PixelPolygon other) => ((ReadOnlySpan<PixelPoint>)_vertices).SequenceEqual(other._vertices);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is PixelPolygon other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var v in _vertices ?? [])
        {
            hash.Add(v);
        }

        return hash.ToHashCode();
    }

    /// <summary>Compares two polygons vertex by vertex.</summary>
    /// <param name="left">The first polygon.</param>
    /// <param name="right">The second polygon.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(PixelPolygon left, PixelPolygon right) => left.Equals(right);

    /// <summary>Compares two polygons vertex by vertex.</summary>
    /// <param name="left">The first polygon.</param>
    /// <param name="right">The second polygon.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(PixelPolygon left, PixelPolygon right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString() => string.Join(" ", Vertices);
}
