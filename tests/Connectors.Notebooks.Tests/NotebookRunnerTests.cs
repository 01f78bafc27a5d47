using System.Text.Json.Nodes;
using Connectors.Notebooks.Tests.Runner;

namespace Connectors.Notebooks.Tests;

/// <summary>The runner itself: shared state, outputs, directives, and failures that name the cell.</summary>
[Collection(NotebookCollection.Name)]
public sealed class NotebookRunnerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);
    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static NotebookDocument Notebook(params string[] codeCells)
    {
        var cells = new JsonArray { new JsonObject { ["cell_type"] = "markdown", ["metadata"] = new JsonObject(), ["source"] = new JsonArray("# Title") } };
        foreach (var code in codeCells)
        {
            cells.Add(new JsonObject
            {
                ["cell_type"] = "code",
                ["execution_count"] = null,
                ["metadata"] = new JsonObject(),
                ["outputs"] = new JsonArray(),
                ["source"] = new JsonArray(code),
            });
        }

        return NotebookDocument.Parse("inline.ipynb", new JsonObject { ["cells"] = cells, ["metadata"] = new JsonObject(), ["nbformat"] = 4, ["nbformat_minor"] = 2 }.ToJsonString());
    }

    [Fact]
    public async Task Cells_share_state_and_await_at_top_level()
    {
        var run = await NotebookRunner.RunAsync(
            Notebook("var numbers = new List<int> { 1, 2 };", "await Task.Delay(1);\nnumbers.Add(3);", "Console.WriteLine(numbers.Sum());"),
            Timeout, TestContext.Current.CancellationToken);

        Assert.Equal("6\n", run.Cells[2].Text);
        Assert.Equal([1, 2, 3], run.Variable<List<int>>("numbers"));
        Assert.Equal([1, 2, 3], run.Cells.Select(c => c.ExecutionCount));
    }

    [Fact]
    public async Task Console_text_and_displays_are_kept_in_order()
    {
        var run = await NotebookRunner.RunAsync(
            Notebook("Console.Write(\"a\");\nConsole.WriteLine(\"b\");\ndisplay(\"shown\");\nConsole.WriteLine(\"c\");\n40 + 2"),
            Timeout, TestContext.Current.CancellationToken);

        Assert.Equal(
            [new StreamOutput("ab\n"), new TextDisplayOutput("text/plain", "shown"), new StreamOutput("c\n"), new TextDisplayOutput("text/plain", "42")],
            run.Cells[0].Outputs);
    }

    [Fact]
    public async Task Png_bytes_and_png_html_images_become_image_outputs()
    {
        var run = await NotebookRunner.RunAsync(
            Notebook(
                "using Connectors.Emulator.Scenes;\nvar png = SceneGenerator.Generate(48, 32, 1, seed: 1).Png;\ndisplay(png);",
                "display(HTML($\"<img src=\\\"data:image/png;base64,{Convert.ToBase64String(png)}\\\" />\"));\ndisplay(HTML(\"<b>bold</b>\"));"),
            Timeout, TestContext.Current.CancellationToken);

        Assert.Equal(2, run.Images.Count);
        Assert.All(run.Images, image => Assert.Equal((48, 32), image.Size));
        Assert.Equal(run.Images[0].Png, run.Images[1].Png);
        Assert.Equal(new TextDisplayOutput("text/html", "<b>bold</b>"), run.Cells[1].Outputs[^1]);
    }

    [Fact]
    public async Task Nuget_directives_are_satisfied_from_the_test_references()
    {
        var run = await NotebookRunner.RunAsync(
            Notebook("#r \"nuget: Connectors.Perceptron, 0.1.0\"\n#r \"nuget: Microsoft.Extensions.AI, 10.11.0\"\nusing Connectors.Perceptron;\nConsole.WriteLine(PerceptronHints.Box);"),
            Timeout, TestContext.Current.CancellationToken);

        Assert.Equal("Box\n", run.Text);
    }

    [Fact]
    public async Task A_package_the_tests_lack_fails_naming_the_cell()
    {
        var error = await Assert.ThrowsAsync<NotebookCellException>(() => NotebookRunner.RunAsync(
            Notebook("var a = 1;", "#r \"nuget: Not.A.Real.Package, 1.0.0\"\nvar b = 2;"), Timeout, TestContext.Current.CancellationToken));

        Assert.Equal(2, error.CellIndex);
        Assert.Contains("inline.ipynb: code cell [2]", error.Message, StringComparison.Ordinal);
        Assert.Contains("Not.A.Real.Package", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_throwing_cell_fails_with_the_notebook_cell_and_exception()
    {
        var error = await Assert.ThrowsAsync<NotebookCellException>(() => NotebookRunner.RunAsync(
            Notebook("var x = 1;", "throw new InvalidOperationException(\"boom\");", "var never = 3;"), Timeout, TestContext.Current.CancellationToken));

        Assert.Equal("inline.ipynb: code cell [2] (cell 3, starting 'throw new InvalidOperationException(\"boom\");') threw InvalidOperationException: boom", error.Message);
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    [Fact]
    public async Task A_cell_that_does_not_compile_reports_the_diagnostics()
    {
        var error = await Assert.ThrowsAsync<NotebookCellException>(() => NotebookRunner.RunAsync(
            Notebook("int y = \"text\";"), Timeout, TestContext.Current.CancellationToken));

        Assert.Contains("does not compile", error.Message, StringComparison.Ordinal);
        Assert.Contains("CS0029", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hanging_cell_fails_after_the_guard()
    {
        var error = await Assert.ThrowsAsync<NotebookCellException>(() => NotebookRunner.RunAsync(
            Notebook("await Task.Delay(TimeSpan.FromMinutes(5));"), TimeSpan.FromMilliseconds(300), TestContext.Current.CancellationToken));

        Assert.Contains("did not finish", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Outputs_are_written_in_the_jupyter_shapes()
    {
        Assert.Equal("""{"name":"stdout","output_type":"stream","text":["a\n","b"]}""", new StreamOutput("a\nb").ToJson().ToJsonString());
        Assert.Equal("""{"data":{"text/plain":["x"]},"metadata":{},"output_type":"display_data"}""", new TextDisplayOutput("text/plain", "x").ToJson().ToJsonString());
    }

    [Fact]
    public async Task Outputs_written_back_are_read_again_with_their_execution_counts()
    {
        var notebook = Notebook("Console.WriteLine(\"hi\");", "display(HTML(\"<i>x</i>\"));");
        var run = await NotebookRunner.RunAsync(notebook, Timeout, TestContext.Current.CancellationToken);
        notebook.ApplyOutputs(run);
        var path = Path.Combine(Path.GetTempPath(), $"notebook-{Guid.NewGuid():N}.ipynb");
        try
        {
            notebook.Save(path);
            var again = NotebookDocument.Load(path);
            var cells = again.CodeCells.ToList();
            Assert.Equal([1, 2], cells.Select(c => c.StoredExecutionCount));
            Assert.Equal("""[{"name":"stdout","output_type":"stream","text":["hi\n"]}]""", cells[0].StoredOutputs.ToJsonString());
            Assert.Equal("""[{"data":{"text/html":["<i>x</i>"]},"metadata":{},"output_type":"display_data"}]""", cells[1].StoredOutputs.ToJsonString(Relaxed));
            Assert.Contains("<i>x</i>", File.ReadAllText(path), StringComparison.Ordinal);
            NotebookHarness.CheckCommittedOutputs(again, run);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_notebook_whose_stored_outputs_differ_from_the_run_is_reported_stale()
    {
        var notebook = Notebook("Console.WriteLine(\"hi\");");
        var run = await NotebookRunner.RunAsync(notebook, Timeout, TestContext.Current.CancellationToken);

        var error = Assert.ThrowsAny<Exception>(() => NotebookHarness.CheckCommittedOutputs(notebook, run));

        Assert.Contains("NOTEBOOKS_WRITE_OUTPUTS=1", error.Message, StringComparison.Ordinal);
        Assert.Contains("holds outputs [] (count )", error.Message, StringComparison.Ordinal);
    }
}
