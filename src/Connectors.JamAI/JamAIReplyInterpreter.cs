using System.Text.Json;
using Connectors.Core.Profiles;
using Connectors.Core.Wire;
using Microsoft.Extensions.AI;

namespace Connectors.JamAI;

/// <summary>
/// JamAI's reply interpreter: the references of a retrieval-augmented answer (a <c>references</c> field, or a
/// <c>chat.references</c> event before a stream) become a <see cref="JamAIReferencesContent"/> on every choice, and
/// the <c>[@n]</c> markers <see cref="CitationAnnotation"/>s: on the whole answer, or on each streamed update whose
/// text completes a marker.
/// </summary>
internal sealed class JamAIReplyInterpreter : ReplyInterpreter
{
    private JamAIReferences? _references;
    private bool _read;
    private Dictionary<int, StreamedCitations>? _streamed;

    public override void Interpret(in ReplyPiece piece)
    {
        if (!_read && piece.Wire is { } wire)
        {
            // A stream sends its references once, before the answer; a whole reply holds them for every choice.
            _references = ReadReferences(wire);
            _read = _references is not null || piece.IsLast;
            if (_references is not null)
            {
                piece.Contents.Insert(0, new JamAIReferencesContent(_references));
            }
        }
        else if (piece.IsLast && piece.Wire is not null && _references is not null)
        {
            piece.Contents.Insert(0, new JamAIReferencesContent(_references));
        }

        if (_references is null)
        {
            return;
        }

        if (piece.IsLast)
        {
            if (piece.Wire is not null)
            {
                JamAIResponseExtensions.ApplyCitations(piece.Contents, _references); // a whole reply
            }

            return;
        }

        // A stream: each update carries the citations whose markers its text completes.
        StreamedCitations? citations = null;
        var contents = piece.Contents;
        for (var i = 0; i < contents.Count; i++)
        {
            if (contents[i] is TextContent text)
            {
                _streamed ??= [];
                if (citations is null && !_streamed.TryGetValue(piece.Choice, out citations))
                {
                    _streamed[piece.Choice] = citations = new StreamedCitations(_references);
                }

                citations.Annotate(text);
            }
        }
    }

    /// <summary>
    /// Reads <c>references</c> from a reply, or the chunks of a <c>chat.references</c> stream event. Malformed
    /// references (not an object, a chunk that is null) are ignored: the answer is still good, and dropping one
    /// chunk would shift the indexes its <c>[@n]</c> markers cite.
    /// </summary>
    internal static JamAIReferences? ReadReferences(ChatCompletionResponse wire) =>
        ReadReferencesOrNull(wire) is { } references && !references.Chunks.Any(chunk => chunk is null) ? references : null;

    private static JamAIReferences? ReadReferencesOrNull(ChatCompletionResponse wire)
    {
        var extra = wire.ExtraFields;
        if (extra is null)
        {
            return null;
        }

        try
        {
            if (extra.TryGetValue("references", out var references) && references.ValueKind == JsonValueKind.Object)
            {
                return references.Deserialize(JamAIJsonContext.Default.JamAIReferences);
            }

            if (wire.Object == "chat.references" && extra.TryGetValue("chunks", out var chunks) && chunks.ValueKind == JsonValueKind.Array)
            {
                return new JamAIReferences
                {
                    Chunks = chunks.Deserialize(JamAIJsonContext.Default.IReadOnlyListJamAIChunk) ?? [],
                    SearchQuery = extra.TryGetValue("search_query", out var query) && query.ValueKind == JsonValueKind.String ? query.GetString() : null,
                };
            }
        }
        catch (JsonException)
        {
            // References the gateway wrote in an unexpected shape: the answer itself is still good.
        }

        return null;
    }
}
