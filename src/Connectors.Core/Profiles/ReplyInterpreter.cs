using Connectors.Core.Wire;
using Microsoft.Extensions.AI;

namespace Connectors.Core.Profiles;

/// <summary>
/// Adds what a service's replies mean beyond text (grounding, citations). One instance serves one call and sees
/// both paths the same way: a streamed reply update by update, a whole reply as one final update per choice.
/// </summary>
internal abstract class ReplyInterpreter
{
    /// <summary>Reads one piece of the reply; may add contents to it.</summary>
    public abstract void Interpret(in ReplyPiece piece);
}

/// <summary>
/// One piece of a reply: the contents of one choice (index <paramref name="Choice"/>) that the engine mapped,
/// the wire object they came from (null when the engine read it without one, or for the closing update), and
/// whether the reply is complete with it.
/// </summary>
internal readonly record struct ReplyPiece(int Choice, IList<AIContent> Contents, ChatCompletionResponse? Wire, bool IsLast);
