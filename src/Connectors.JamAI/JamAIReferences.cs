using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;

namespace Connectors.JamAI;

/// <summary>
/// The Knowledge Table chunks a retrieval-augmented answer was grounded on (the reply's <c>references</c>,
/// or the first <c>chat.references</c> event of a stream). The answer cites them by index as <c>[@n]</c>.
/// </summary>
public sealed class JamAIReferences
{
    /// <summary>The retrieved chunks, in the order the answer's <c>[@n]</c> markers index them.</summary>
    [JsonPropertyName("chunks")]
    public IReadOnlyList<JamAIChunk> Chunks { get; init => field = value ?? []; } = [];

    /// <summary>The query the gateway searched with (given, or written by the gateway).</summary>
    [JsonPropertyName("search_query")]
    public string? SearchQuery { get; init; }

    /// <summary>
    /// Finds the <c>[@n]</c> and <c>[@n; @m]</c> markers in <paramref name="text"/> and returns one
    /// <see cref="CitationAnnotation"/> per cited chunk, each spanning its whole marker. A marker naming a
    /// chunk that does not exist is left as text; text never makes this throw.
    /// </summary>
    /// <param name="text">The answer text the markers are in (the answer message's <see cref="ChatMessage.Text"/>).</param>
    /// <returns>The citations, in the order they appear.</returns>
    public IReadOnlyList<CitationAnnotation> CreateCitations(string? text) => Citations.Find(text, this);
}

/// <summary>One retrieved Knowledge Table chunk.</summary>
public sealed class JamAIChunk
{
    /// <summary>The chunk's text.</summary>
    [JsonPropertyName("text")]
    public string Text { get; init => field = value ?? string.Empty; } = string.Empty;

    /// <summary>The document or section title.</summary>
    [JsonPropertyName("title")]
    public string? Title { get; init; }

    /// <summary>The page the chunk came from, when the source has pages.</summary>
    [JsonPropertyName("page")]
    public int? Page { get; init; }

    /// <summary>The source file's name.</summary>
    [JsonPropertyName("file_name")]
    public string? FileName { get; init; }

    /// <summary>The source file's path or URL.</summary>
    [JsonPropertyName("file_path")]
    public string? FilePath { get; init; }

    /// <summary>The source document's id.</summary>
    [JsonPropertyName("document_id")]
    public string? DocumentId { get; init; }

    /// <summary>The chunk's id.</summary>
    [JsonPropertyName("chunk_id")]
    public string? ChunkId { get; init; }

    /// <summary>Extra context columns of the Knowledge Table row.</summary>
    [JsonPropertyName("context")]
    public IReadOnlyDictionary<string, JsonElement>? Context { get; init; }

    /// <summary>Metadata the gateway attached to the chunk.</summary>
    [JsonPropertyName("metadata")]
    public IReadOnlyDictionary<string, JsonElement>? Metadata { get; init; }
}

/// <summary>
/// Carries <see cref="JamAIReferences"/> in a message or streaming update: the first content of a
/// retrieval-augmented answer, streamed or not. Read it with
/// <see cref="JamAIResponseExtensions.GetReferences(ChatResponse)"/>. Not sent back to the gateway.
/// </summary>
public sealed class JamAIReferencesContent : AIContent
{
    /// <summary>Creates the content.</summary>
    /// <param name="references">The references.</param>
    public JamAIReferencesContent(JamAIReferences references)
    {
        ArgumentNullException.ThrowIfNull(references);
        References = references;
    }

    /// <summary>The retrieved chunks and the search query.</summary>
    public JamAIReferences References { get; }
}
