namespace Connectors.Perceptron.Grounding;

/// <summary>
/// Something the parser could not accept as written: a refused tag (it stays plain text, or is dropped from its
/// container), an attribute it ignored, or a container it cut short or dropped.
/// </summary>
public sealed class GroundingError
{
    internal GroundingError(int position, string code, string reason)
    {
        Position = position;
        Code = code;
        Reason = reason;
    }

    /// <summary>Gets the index of the tag's <c>&lt;</c> in the parsed text (a container's opening tag for container errors).</summary>
    public int Position { get; }

    /// <summary>Gets a stable code to filter on: one of <see cref="GroundingErrorCodes"/> (the vendor SDK's name where it has one).</summary>
    public string Code { get; }

    /// <summary>Gets why, for people; the wording may change.</summary>
    public string Reason { get; }
}
