namespace Connectors.Perceptron.Grounding;

/// <summary>A polygon of three or more vertices (<c>&lt;polygon&gt;</c>).</summary>
/// <param name="Polygon">The polygon on the 0–1000 grid.</param>
public sealed record PolygonAnnotation(GridPolygon Polygon) : GroundingAnnotation;
