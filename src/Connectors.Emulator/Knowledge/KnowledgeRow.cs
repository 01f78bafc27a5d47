namespace Connectors.Emulator.Knowledge;

/// <summary>One chunk of a document in a Knowledge Table.</summary>
public sealed class KnowledgeRow
{
    /// <summary>Title (the nearest heading, or the document title).</summary>
    public string Title { get; init; } = "";

    /// <summary>Chunk text.</summary>
    public required string Text { get; init; }

    /// <summary>Page number, from 1 (form feeds start a new page).</summary>
    public int Page { get; init; } = 1;

    /// <summary>Source file name.</summary>
    public string FileName { get; init; } = "";

    /// <summary>Source path as stored.</summary>
    public string FilePath { get; init; } = "";

    /// <summary>Id shared by all chunks of a document.</summary>
    public string DocumentId { get; init; } = "";

    /// <summary>Id of this chunk; generated when empty.</summary>
    public string ChunkId { get; init; } = "";
}
