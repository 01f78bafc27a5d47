namespace Connectors.Perceptron.Grounding;

/// <summary>A bounding box (<c>&lt;point_box&gt;</c>).</summary>
/// <param name="Box">The box on the 0–1000 grid.</param>
public sealed record BoxAnnotation(GridBox Box) : GroundingAnnotation;
