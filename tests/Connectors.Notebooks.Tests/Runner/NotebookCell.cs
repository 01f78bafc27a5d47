using System.Text.Json.Nodes;

namespace Connectors.Notebooks.Tests.Runner;

/// <summary>One cell of a notebook.</summary>
public sealed class NotebookCell
{
    internal NotebookCell(int index, JsonObject json)
    {
        Index = index;
        Json = json;
        Kind = (string?)json["cell_type"] ?? "";
        Source = json["source"] switch
        {
            JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
            JsonValue text => (string?)text ?? "",
            _ => "",
        };
    }

    /// <summary>The position among all cells, from 0.</summary>
    public int Index { get; }

    /// <summary>The cell type: <c>code</c> or <c>markdown</c>.</summary>
    public string Kind { get; }

    /// <summary>Whether this is a C# code cell.</summary>
    public bool IsCode => Kind == "code";

    /// <summary>The cell's text.</summary>
    public string Source { get; }

    /// <summary>The first non-empty line, to name the cell in messages.</summary>
    public string FirstLine => Source.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "(empty)";

    /// <summary>The outputs stored in the file (what the last write-mode run recorded).</summary>
    public JsonArray StoredOutputs => Json["outputs"] as JsonArray ?? [];

    /// <summary>The stored execution count, or null.</summary>
    public int? StoredExecutionCount => Json["execution_count"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : null;

    internal JsonObject Json { get; }
}
