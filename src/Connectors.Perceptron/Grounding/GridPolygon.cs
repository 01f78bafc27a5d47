using System.Text.Json.Serialization;

namespace Connectors.Perceptron.Grounding;

/// <summary>
/// A polygon on the 0–1000 grid. Polygons do not compare by value (they hold an array): compare their
/// <see cref="Vertices"/> with <c>SequenceEqual</c>.
/// </summary>
public readonly struct GridPolygon
{
    private readonly GridPoint[]? _vertices;

    /// <summary>Creates a polygon.</summary>
    /// <param name="vertices">The vertices in order.</param>
    [JsonConstructor]
    public GridPolygon(IReadOnlyList<GridPoint> vertices)
    {
        ArgumentNullException.ThrowIfNull(vertices);
        _vertices = [.. vertices];
    }

    private GridPolygon(GridPoint[] vertices) => _vertices = vertices;

    /// <summary>Takes ownership of an array nobody else holds (the parser's own), without copying it.</summary>
    internal static GridPolygon Wrap(GridPoint[] vertices) => new(vertices);

    /// <summary>Gets the vertices in order.</summary>
    [JsonPropertyName("vertices")]
    public IReadOnlyList<GridPoint> Vertices => _vertices ?? [];

    /// <summary>Converts every vertex to pixels.</summary>
    /// <param name="size">The image size.</param>
    /// <returns>The pixel polygon.</returns>
    public PixelPolygon ToPixels(ImageSize size)
    {
        var source = _vertices ?? [];
        var result = new PixelPoint[source.Length];
        for (var i = 0; i < source.Length; i++)
        {
            result[i] = source[i].ToPixels(size);
        }

        return new PixelPolygon(result);
    }
}
