namespace Connectors.Emulator.Knowledge;

/// <summary>One chunk of a document in a Knowledge Table.</summary>
public sealed class KnowledgeRow
{
    /// <summary>Creates a row to add with <see cref="KnowledgeTable.AddRow"/>.</summary>
    /// <param name="title">Title (the nearest heading, or the document title); may be empty.</param>
    /// <param name="text">Chunk text.</param>
    /// <param name="fileName">Source file name; empty for a row added without a file.</param>
    /// <param name="page">Page number, from 1.</param>
    /// <param name="chunkId">Id of this chunk; generated when empty.</param>
    public KnowledgeRow(string title, string text, string fileName = "", int page = 1, string chunkId = "")
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(chunkId);
        Title = title;
        Text = text;
        FileName = fileName;
        Page = page;
        ChunkId = chunkId;
    }

    /// <summary>Title (the nearest heading, or the document title).</summary>
    public string Title { get; }

    /// <summary>Chunk text.</summary>
    public string Text { get; }

    /// <summary>Page number, from 1 (form feeds start a new page).</summary>
    public int Page { get; }

    /// <summary>Source file name.</summary>
    public string FileName { get; }

    /// <summary>Id of this chunk; generated when empty.</summary>
    public string ChunkId { get; }

    /// <summary>Id shared by all chunks of a document (set by the table or the document chunker).</summary>
    public string DocumentId { get; internal init; } = "";
}
