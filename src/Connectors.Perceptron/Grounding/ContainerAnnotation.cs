using System.Text.Json.Serialization;

namespace Connectors.Perceptron.Grounding;

/// <summary>
/// A container of annotations whose children inherit its <see cref="GroundingAnnotation.Mention"/> and
/// <see cref="GroundingAnnotation.AssetIndex"/> (and a collection's <see cref="GroundingAnnotation.Time"/>). Children
/// keep their own attributes as written; use <see cref="GroundingAnnotationExtensions.Flatten"/> for leaves with
/// inheritance applied. A parsed container always holds at least one child (an empty one is not an annotation).
/// </summary>
public abstract class ContainerAnnotation : GroundingAnnotation
{
    private protected ContainerAnnotation(IReadOnlyList<GroundingAnnotation> children)
    {
        ArgumentNullException.ThrowIfNull(children);
        Children = children;
    }

    /// <summary>Gets the children in the order they were written.</summary>
    public IReadOnlyList<GroundingAnnotation> Children { get; }

    /// <summary>
    /// Gets a value indicating whether the closing tag was missing: the output was cut off, or another container
    /// opened before it closed (it then ends there). Reported as <see cref="GroundingErrorCodes.IncompleteAnnotation"/>.
    /// </summary>
    /// <remarks>Set by the parser (and read back from JSON); a container built to be written is complete.</remarks>
    [JsonInclude]
    public bool IsIncomplete { get; internal init; }
}
