using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;

namespace Connectors.Perceptron.Grounding;

/// <summary>
/// The grounding of one response message: what the model pointed at, on the 0–1000 grid, and which request image it
/// refers to. Register it for JSON with <see cref="GroundingJson.AddGroundingTypes"/>.
/// </summary>
public sealed class GroundingContent : AIContent
{
    /// <summary>Creates grounding content.</summary>
    /// <param name="items">The top-level annotations, containers kept.</param>
    [JsonConstructor]
    public GroundingContent(IReadOnlyList<GroundingAnnotation> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        Items = items;
    }

    /// <summary>Gets the top-level annotations, containers kept (use <see cref="Leaves"/> for a flat list).</summary>
    public IReadOnlyList<GroundingAnnotation> Items { get; }

    /// <summary>
    /// Gets or sets the index, among the request's images, of the image that annotations without an
    /// <c>asset_idx</c> refer to (the last image of the request).
    /// </summary>
    public int? ImageIndex { get; set; }

    /// <summary>Gets or sets the size of that image, when known.</summary>
    public ImageSize? ImageSize { get; set; }

    /// <summary>Gets the points, boxes, polygons and clips with the mention and asset index they inherit.</summary>
    [JsonIgnore]
    public IReadOnlyList<GroundingAnnotation> Leaves => [.. Items.Flatten()];

    /// <summary>Gets a point in pixels of <see cref="ImageSize"/>.</summary>
    /// <param name="point">A leaf from <see cref="Leaves"/>.</param>
    /// <returns>The pixel point, or <see langword="null"/> when the size is unknown or the point is on another image.</returns>
    public PixelPoint? ToPixels(PointAnnotation point) =>
        TryGetSize(point, out var size) ? point.Point.ToPixels(size) : null;

    /// <summary>Gets a box in pixels of <see cref="ImageSize"/>.</summary>
    /// <param name="box">A leaf from <see cref="Leaves"/>.</param>
    /// <returns>The pixel box, or <see langword="null"/> when the size is unknown or the box is on another image.</returns>
    public PixelBox? ToPixels(BoxAnnotation box) =>
        TryGetSize(box, out var size) ? box.Box.ToPixels(size) : null;

    /// <summary>Gets a polygon in pixels of <see cref="ImageSize"/>.</summary>
    /// <param name="polygon">A leaf from <see cref="Leaves"/>.</param>
    /// <returns>The pixel polygon, or <see langword="null"/> when the size is unknown or the polygon is on another image.</returns>
    public PixelPolygon? ToPixels(PolygonAnnotation polygon) =>
        TryGetSize(polygon, out var size) ? polygon.Polygon.ToPixels(size) : null;

    private bool TryGetSize(GroundingAnnotation leaf, out ImageSize size)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        size = ImageSize.GetValueOrDefault();
        return ImageSize is not null && (leaf.AssetIndex is null || leaf.AssetIndex == ImageIndex);
    }
}
