namespace Connectors.Perceptron.Grounding;

/// <summary>A tag the parser could not accept; the tag stays plain text (or is dropped from its container).</summary>
/// <param name="Position">The index of the tag's <c>&lt;</c> in the parsed text.</param>
/// <param name="Reason">Why the tag was refused.</param>
public sealed record GroundingError(int Position, string Reason);
