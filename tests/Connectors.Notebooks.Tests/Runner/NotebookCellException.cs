namespace Connectors.Notebooks.Tests.Runner;

/// <summary>A notebook cell failed to compile or threw; the message names the notebook and the cell.</summary>
public sealed class NotebookCellException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NotebookCellException(string notebook, NotebookCell cell, int executionCount, string problem, Exception? inner = null)
        : base($"{notebook}: code cell [{executionCount}] (cell {cell.Index + 1}, starting '{Truncate(cell.FirstLine)}') {problem}", inner)
    {
        Notebook = notebook;
        CellIndex = cell.Index;
    }

    /// <summary>The notebook's file name.</summary>
    public string Notebook { get; }

    /// <summary>The failing cell's position among all cells, from 0.</summary>
    public int CellIndex { get; }

    private static string Truncate(string line) => line.Length <= 60 ? line : line[..57] + "...";
}
