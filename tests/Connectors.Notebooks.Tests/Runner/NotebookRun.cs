using Microsoft.CodeAnalysis.Scripting;

namespace Connectors.Notebooks.Tests.Runner;

/// <summary>What one run of a notebook produced: each code cell's outputs, and the script's final variables.</summary>
public sealed class NotebookRun
{
    internal NotebookRun(NotebookDocument notebook, IReadOnlyList<CellRun> cells, ScriptState? state)
    {
        Notebook = notebook;
        Cells = cells;
        State = state;
    }

    /// <summary>The notebook that ran.</summary>
    public NotebookDocument Notebook { get; }

    /// <summary>The code cells that ran, in order.</summary>
    public IReadOnlyList<CellRun> Cells { get; }

    /// <summary>The last script state (null when the notebook has no code).</summary>
    public ScriptState? State { get; }

    /// <summary>Every output of every cell, in order.</summary>
    public IEnumerable<CellOutput> Outputs => Cells.SelectMany(c => c.Outputs);

    /// <summary>Everything the cells printed, joined.</summary>
    public string Text => string.Concat(Outputs.Select(o => o switch
    {
        StreamOutput s => s.Text,
        TextDisplayOutput t => t.Text + "\n",
        _ => "",
    }));

    /// <summary>The images the cells displayed.</summary>
    public IReadOnlyList<ImageDisplayOutput> Images => [.. Outputs.OfType<ImageDisplayOutput>()];

    /// <summary>The value of a top-level variable after the last cell (the latest declaration of that name).</summary>
    /// <exception cref="KeyNotFoundException">No cell declared it.</exception>
    public T Variable<T>(string name)
    {
        var variable = State?.Variables.LastOrDefault(v => v.Name == name)
            ?? throw new KeyNotFoundException($"{Notebook.Name} declares no top-level variable '{name}'.");
        return variable.Value is T value
            ? value
            : throw new InvalidCastException($"{Notebook.Name}: variable '{name}' is {variable.Value?.GetType().Name ?? "null"}, not {typeof(T).Name}.");
    }

    /// <summary>The outputs of the code cell whose source contains <paramref name="marker"/>.</summary>
    public CellRun Cell(string marker) =>
        Cells.SingleOrDefault(c => c.Source.Contains(marker, StringComparison.Ordinal))
        ?? throw new KeyNotFoundException($"{Notebook.Name} has no single code cell containing '{marker}'.");
}

/// <summary>One code cell's run.</summary>
/// <param name="CellIndex">The cell's position among all cells.</param>
/// <param name="ExecutionCount">1 for the first code cell, then counting up.</param>
/// <param name="Source">The cell's code.</param>
/// <param name="Outputs">What it printed and displayed.</param>
public sealed record CellRun(int CellIndex, int ExecutionCount, string Source, IReadOnlyList<CellOutput> Outputs)
{
    /// <summary>Everything this cell printed or displayed as text.</summary>
    public string Text => string.Concat(Outputs.Select(o => o switch
    {
        StreamOutput s => s.Text,
        TextDisplayOutput t => t.Text + "\n",
        _ => "",
    }));
}
