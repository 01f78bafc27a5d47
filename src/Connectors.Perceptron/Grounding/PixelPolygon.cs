using System.Text.Json.Serialization;

namespace Connectors.Perceptron.Grounding;

/// <summary>
/// A polygon in image pixels. Polygons do not compare by value (they hold an array): compare their
/// <see cref="Vertices"/> with <c>SequenceEqual</c>.
/// </summary>
public readonly struct PixelPolygon
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
}
