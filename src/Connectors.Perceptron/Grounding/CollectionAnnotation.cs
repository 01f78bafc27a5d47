namespace Connectors.Perceptron.Grounding;

/// <summary>A group of annotations for one mention (<c>&lt;collection&gt;</c>); it holds leaves and tracks.</summary>
public sealed record CollectionAnnotation : ContainerAnnotation;
