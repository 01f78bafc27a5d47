using System.Globalization;

namespace Connectors.Emulator.Knowledge;

/// <summary>A Knowledge Table: rows searched with BM25 for <c>rag_params</c>. Thread-safe.</summary>
public sealed class KnowledgeTable
{
    private readonly Lock _gate = new();
    private readonly List<KnowledgeRow> _rows = [];
    private Bm25? _index;

    internal KnowledgeTable(string id) => Id = id;

    /// <summary>Table id, as used in <c>rag_params.table_id</c>.</summary>
    public string Id { get; }

    /// <summary>A snapshot of the rows.</summary>
    public IReadOnlyList<KnowledgeRow> Rows
    {
        get
        {
            lock (_gate)
            {
                return [.. _rows];
            }
        }
    }

    /// <summary>Adds one row; a missing chunk id is generated.</summary>
    public KnowledgeRow AddRow(KnowledgeRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        lock (_gate)
        {
            if (row.ChunkId.Length == 0 || row.DocumentId.Length == 0)
            {
                var number = _rows.Count.ToString(CultureInfo.InvariantCulture);
                row = new KnowledgeRow(row.Title, row.Text, row.FileName, row.Page, row.ChunkId.Length == 0 ? $"{Id}-chunk-{number}" : row.ChunkId)
                {
                    DocumentId = row.DocumentId.Length == 0 ? $"{Id}-row-{number}" : row.DocumentId,
                };
            }

            _rows.Add(row);
            _index = null;
            return row;
        }
    }

    /// <summary>Chunks a document by paragraphs and adds its rows.</summary>
    public IReadOnlyList<KnowledgeRow> AddDocument(string fileName, string text)
    {
        var rows = DocumentChunker.Chunk(fileName, text);
        foreach (var row in rows)
        {
            AddRow(row);
        }

        return rows;
    }

    /// <summary>The best <paramref name="k"/> rows for a keyword query (BM25), best first; only rows sharing a term.</summary>
    public IReadOnlyList<KnowledgeRow> Search(string query, int k)
    {
        lock (_gate)
        {
            _index ??= new Bm25(_rows.Select(r => r.Title + "\n" + r.Text));
            return [.. _index.Search(query, k).Select(hit => _rows[hit.Index])];
        }
    }
}
