namespace Connectors.Perceptron.Grounding;

/// <summary>The waypoints of one object through a video (<c>&lt;track&gt;</c>), each leaf with its own time.</summary>
public sealed record TrackAnnotation : ContainerAnnotation;
