using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connectors.Notebooks.Tests.Runner;

/// <summary>An .ipynb file: its cells in order, kept as JSON so writing outputs back changes nothing else.</summary>
public sealed class NotebookDocument
{
    private static readonly JsonSerializerOptions WriteOptions = new() { WriteIndented = true, IndentSize = 1, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly JsonObject _root;

    private NotebookDocument(string name, JsonObject root)
    {
        Name = name;
        _root = root;
        var cells = root["cells"] as JsonArray ?? throw new InvalidDataException($"Notebook {name} has no \"cells\" array.");
        Cells = [.. cells.Select((cell, index) => new NotebookCell(index, cell as JsonObject ?? throw new InvalidDataException($"Notebook {name} cell {index} is not an object.")))];
    }

    /// <summary>The file name, used in messages.</summary>
    public string Name { get; }

    /// <summary>Every cell, markdown and code, in order.</summary>
    public IReadOnlyList<NotebookCell> Cells { get; }

    /// <summary>The code cells in order.</summary>
    public IEnumerable<NotebookCell> CodeCells => Cells.Where(c => c.IsCode);

    /// <summary>The notebook-level metadata (kernelspec, language_info, polyglot_notebook).</summary>
    public JsonObject? Metadata => _root["metadata"] as JsonObject;

    /// <summary>Reads an .ipynb file.</summary>
    public static NotebookDocument Load(string path)
    {
        var root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new InvalidDataException($"{path} is not a JSON object.");
        return new NotebookDocument(Path.GetFileName(path), root);
    }

    /// <summary>Parses notebook JSON (for tests of the runner).</summary>
    public static NotebookDocument Parse(string name, string json) =>
        new(name, JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException($"{name} is not a JSON object."));

    /// <summary>Replaces every code cell's outputs and execution count with those of a run.</summary>
    public void ApplyOutputs(NotebookRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        foreach (var cell in CodeCells)
        {
            var result = run.Cells.FirstOrDefault(c => c.CellIndex == cell.Index);
            cell.Json["execution_count"] = result?.ExecutionCount;
            var outputs = new JsonArray();
            foreach (var output in result?.Outputs ?? [])
            {
                outputs.Add(output.ToJson());
            }

            cell.Json["outputs"] = outputs;
        }
    }

    /// <summary>Writes the notebook as .NET Interactive does: indented JSON, one space per level, final newline.</summary>
    public void Save(string path)
    {
        var json = _root.ToJsonString(WriteOptions).Replace("\r\n", "\n", StringComparison.Ordinal);
        File.WriteAllText(path, json + "\n");
    }
}
