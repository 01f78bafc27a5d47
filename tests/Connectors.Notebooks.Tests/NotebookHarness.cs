using System.Text.Json.Nodes;
using Connectors.Notebooks.Tests.Runner;

namespace Connectors.Notebooks.Tests;

/// <summary>
/// Runs a notebook from the repository's notebooks/ folder, then either checks that the committed outputs have the
/// shape of this run's (same outputs, kinds and execution counts per cell: stale notebooks fail) or, with
/// <c>NOTEBOOKS_WRITE_OUTPUTS=1</c>, writes this run's outputs back into the source notebook.
/// </summary>
internal static class NotebookHarness
{
    private static readonly TimeSpan CellTimeout = TimeSpan.FromMinutes(2);

    public static async Task<NotebookRun> RunAsync(string fileName)
    {
        // The notebooks use the real services when these are set; the tests always use the emulator.
        Environment.SetEnvironmentVariable("PERCEPTRON_API_KEY", null);
        Environment.SetEnvironmentVariable("JAMAI_TOKEN", null);

        var notebook = NotebookDocument.Load(NotebookFiles.CopyOf(fileName));
        CheckPolyglotMetadata(notebook);
        var run = await NotebookRunner.RunAsync(notebook, CellTimeout, TestContext.Current.CancellationToken);
        if (NotebookFiles.WriteOutputs)
        {
            notebook.ApplyOutputs(run);
            notebook.Save(NotebookFiles.SourceOf(fileName));
        }
        else
        {
            CheckCommittedOutputs(notebook, run);
        }

        return run;
    }

    private static void CheckPolyglotMetadata(NotebookDocument notebook)
    {
        var metadata = notebook.Metadata ?? throw new InvalidDataException($"{notebook.Name} has no metadata.");
        Assert.Equal(".net-csharp", (string?)metadata["kernelspec"]?["name"]);
        Assert.Equal("C#", (string?)metadata["language_info"]?["name"]);
        Assert.Equal("csharp", (string?)metadata["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"]);
        foreach (var cell in notebook.CodeCells)
        {
            Assert.Equal("csharp", (string?)cell.Json["metadata"]?["polyglot_notebook"]?["kernelName"]);
            Assert.Equal("csharp", (string?)cell.Json["metadata"]?["dotnet_interactive"]?["language"]);
        }
    }

    internal static void CheckCommittedOutputs(NotebookDocument notebook, NotebookRun run)
    {
        foreach (var cell in run.Cells)
        {
            var stored = notebook.Cells[cell.CellIndex];
            var expected = cell.Outputs.Select(o => Shape(o.ToJson())).ToList();
            var actual = stored.StoredOutputs.Select(o => Shape(o as JsonObject)).ToList();
            Assert.True(
                stored.StoredExecutionCount == cell.ExecutionCount && expected.SequenceEqual(actual),
                $"{notebook.Name} cell {cell.CellIndex + 1} ('{stored.FirstLine}') holds outputs [{string.Join(", ", actual)}] (count {stored.StoredExecutionCount}) " +
                $"but runs to [{string.Join(", ", expected)}] (count {cell.ExecutionCount}): run the tests with {NotebookFiles.WriteOutputsVariable}=1 and commit the notebook.");
        }
    }

    private static string Shape(JsonObject? output) =>
        output?["output_type"]?.GetValue<string>() switch
        {
            "stream" => "stream",
            "display_data" => string.Join("+", (output["data"] as JsonObject ?? []).Select(p => p.Key)),
            var other => other ?? "?",
        };
}
