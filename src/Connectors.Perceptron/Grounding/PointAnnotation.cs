namespace Connectors.Perceptron.Grounding;

/// <summary>A point (<c>&lt;point&gt;</c>).</summary>
/// <param name="Point">The point on the 0–1000 grid.</param>
public sealed record PointAnnotation(GridPoint Point) : GroundingAnnotation;
