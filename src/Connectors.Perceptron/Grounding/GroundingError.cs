namespace Connectors.Perceptron.Grounding;

/// <summary>
/// Something the parser could not accept as written: a refused tag (it stays plain text, or is dropped from its
/// container), an attribute it ignored, or a container it cut short or dropped.
/// </summary>
/// <param name="Position">The index of the tag's <c>&lt;</c> in the parsed text (a container's opening tag for container errors).</param>
/// <param name="Code">A stable code to filter on: one of <see cref="GroundingErrorCodes"/> (the vendor SDK's name where it has one).</param>
/// <param name="Reason">Why, for people; the wording may change.</param>
public sealed record GroundingError(int Position, string Code, string Reason);
