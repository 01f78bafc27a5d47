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
    // Made by the client from the gateway's reply (and by JSON, when a cached or stored history is read back).
    [JsonConstructor]
    internal JamAIReferences()
    {
    }

    /// <summary>The retrieved chunks, in the order the answer's <c>[@n]</c> markers index them.</summary>
    [JsonPropertyName("chunks")]
    [JsonInclude]
    public IReadOnlyList<JamAIChunk> Chunks { get; internal init => field = value ?? []; } = [];

    /// <summary>The query the gateway searched with (given, or written by the gateway).</summary>
    [JsonPropertyName("search_query")]
    [JsonInclude]
    public string? SearchQuery { get; internal init; }

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
    // Made by the client from the gateway's reply (and by JSON, when a cached or stored history is read back).
    [JsonConstructor]
    internal JamAIChunk()
    {
    }

    /// <summary>The chunk's text.</summary>
    [JsonPropertyName("text")]
    [JsonInclude]
    public string Text { get; internal init => field = value ?? string.Empty; } = string.Empty;

    /// <summary>The document or section title.</summary>
    [JsonPropertyName("title")]
    [JsonInclude]
    public string? Title { get; internal init; }

    /// <summary>The page the chunk came from, when the source has pages.</summary>
    [JsonPropertyName("page")]
    [JsonInclude]
    public int? Page { get; internal init; }

    /// <summary>The source file's name.</summary>
    [JsonPropertyName("file_name")]
    [JsonInclude]
    public string? FileName { get; internal init; }

    /// <summary>The source file's path or URL.</summary>
    [JsonPropertyName("file_path")]
    [JsonInclude]
    public string? FilePath { get; internal init; }

    /// <summary>The source document's id.</summary>
    [JsonPropertyName("document_id")]
    [JsonInclude]
    public string? DocumentId { get; internal init; }

    /// <summary>The chunk's id.</summary>
    [JsonPropertyName("chunk_id")]
    [JsonInclude]
    public string? ChunkId { get; internal init; }

    /// <summary>Extra context columns of the Knowledge Table row.</summary>
    [JsonPropertyName("context")]
    [JsonInclude]
    public IReadOnlyDictionary<string, JsonElement>? Context { get; internal init; }

    /// <summary>Metadata the gateway attached to the chunk.</summary>
    [JsonPropertyName("metadata")]
    [JsonInclude]
    public IReadOnlyDictionary<string, JsonElement>? Metadata { get; internal init; }
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
