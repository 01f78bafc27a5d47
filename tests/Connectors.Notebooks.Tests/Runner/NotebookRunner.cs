using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace Connectors.Notebooks.Tests.Runner;

/// <summary>
/// Runs a notebook's C# cells in order on Roslyn scripting with shared state, as the .NET Interactive kernel would:
/// the first cell with <c>CSharpScript.RunAsync</c>, each next one with <c>ContinueWithAsync</c>; top-level
/// <c>await</c>; console output and <c>display(...)</c> captured per cell; a trailing expression displayed.
/// Console output is redirected while a cell runs, so notebooks must not run in parallel in one process.
/// </summary>
public static class NotebookRunner
{
    /// <summary>The namespaces the .NET Interactive C# kernel imports by default.</summary>
    private static readonly string[] DefaultImports = ["System", "System.Collections.Generic", "System.Linq", "System.Text", "System.Threading.Tasks"];

    private static readonly Lazy<ScriptOptions> Options = new(() => ScriptOptions.Default
        .WithReferences(ScriptReferences.All)
        .WithImports(DefaultImports)
        .WithLanguageVersion(Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest));

    /// <summary>Runs every code cell; disposes what the cells left open when done.</summary>
    /// <param name="notebook">The notebook.</param>
    /// <param name="cellTimeout">A guard against a hanging cell.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The outputs and final state.</returns>
    /// <exception cref="NotebookCellException">A cell did not compile, threw, or took longer than <paramref name="cellTimeout"/>.</exception>
    public static async Task<NotebookRun> RunAsync(NotebookDocument notebook, TimeSpan cellTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        var recorder = new OutputRecorder();
        var globals = new NotebookGlobals(recorder);
        var cells = new List<CellRun>();
        ScriptState? state = null;
        var console = Console.Out;
        try
        {
            foreach (var cell in notebook.CodeCells)
            {
                if (string.IsNullOrWhiteSpace(cell.Source))
                {
                    continue;
                }

                var count = cells.Count + 1;
                var code = Prepare(notebook, cell, count);
                Console.SetOut(new RecordingWriter(recorder));
                try
                {
                    var run = state is null
                        ? CSharpScript.RunAsync(code, Options.Value, globals, typeof(NotebookGlobals), cancellationToken)
                        : state.ContinueWithAsync(code, Options.Value, cancellationToken);
                    state = await run.WaitAsync(cellTimeout, cancellationToken);
                    if (state.ReturnValue is { } value)
                    {
                        recorder.Add(NotebookGlobals.Format(value, []));
                    }
                }
                catch (CompilationErrorException e)
                {
                    throw new NotebookCellException(notebook.Name, cell, count, "does not compile:\n" + string.Join("\n", e.Diagnostics), e);
                }
                catch (TimeoutException e)
                {
                    throw new NotebookCellException(notebook.Name, cell, count, $"did not finish within {cellTimeout.TotalSeconds:0} s.", e);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    throw new NotebookCellException(notebook.Name, cell, count, $"threw {e.GetType().Name}: {e.Message}", e);
                }
                finally
                {
                    Console.Out.Flush();
                    Console.SetOut(console);
                    cells.Add(new CellRun(cell.Index, count, cell.Source, recorder.Take()));
                }
            }

            return new NotebookRun(notebook, cells, state);
        }
        finally
        {
            await DisposeLeftoversAsync(state);
        }
    }

    private static string Prepare(NotebookDocument notebook, NotebookCell cell, int count)
    {
        try
        {
            var (code, packages) = NuGetDirectives.Strip(cell.Source);
            var missing = packages.Where(p => !ScriptReferences.Contains(p.Id)).Select(p => p.Id).ToList();
            if (missing.Count > 0)
            {
                throw new NotebookCellException(notebook.Name, cell, count,
                    $"asks for packages the test project does not reference: {string.Join(", ", missing)}. Add them to Connectors.Notebooks.Tests.csproj.");
            }

            return code;
        }
        catch (NotSupportedException e)
        {
            throw new NotebookCellException(notebook.Name, cell, count, e.Message, e);
        }
    }

    /// <summary>A notebook that fails half-way leaves servers and clients open: close them, newest first.</summary>
    private static async Task DisposeLeftoversAsync(ScriptState? state)
    {
        if (state is null)
        {
            return;
        }

        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var variable in state.Variables.Reverse())
        {
            if (variable.Value is not { } value || value is Task || !seen.Add(value))
            {
                continue;
            }

            try
            {
                switch (value)
                {
                    case IAsyncDisposable asyncDisposable:
                        await asyncDisposable.DisposeAsync();
                        break;
                    case IDisposable disposable:
                        disposable.Dispose();
                        break;
                }
            }
            catch (ObjectDisposedException)
            {
                // Already closed by the notebook's last cell.
            }
        }
    }
}
