namespace Connectors.Perceptron.Grounding;

/// <summary>
/// A container of annotations whose children inherit its <see cref="GroundingAnnotation.Mention"/> and
/// <see cref="GroundingAnnotation.AssetIndex"/> (and a collection's <see cref="GroundingAnnotation.Time"/>). Children
/// keep their own attributes as written; use <see cref="GroundingAnnotationExtensions.Flatten"/> for leaves with
/// inheritance applied. A parsed container always holds at least one child (an empty one is not an annotation).
/// </summary>
public abstract record ContainerAnnotation : GroundingAnnotation
{
    private protected ContainerAnnotation()
    {
    }

    /// <summary>Gets the children in the order they were written.</summary>
    public IReadOnlyList<GroundingAnnotation> Children { get; init; } = [];

    /// <summary>
    /// Gets a value indicating whether the closing tag was missing: the output was cut off, or another container
    /// opened before it closed (it then ends there). Reported as <see cref="GroundingErrorCodes.IncompleteAnnotation"/>.
    /// </summary>
    public bool IsIncomplete { get; init; }

    /// <summary>Compares attributes, completeness and children in order.</summary>
    /// <param name="other">The other container.</param>
    /// <returns>Whether both are equal.</returns>
    public virtual bool Equals(ContainerAnnotation? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || !base.Equals(other) || IsIncomplete != other.IsIncomplete ||
            Children.Count != other.Children.Count)
        {
            return false;
        }

        for (var i = 0; i < Children.Count; i++)
        {
            if (!Equals(Children[i], other.Children[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), IsIncomplete, Children.Count);
}
