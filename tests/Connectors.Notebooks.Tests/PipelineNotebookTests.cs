using System.Diagnostics;

namespace Connectors.Notebooks.Tests;

[Collection(NotebookCollection.Name)]
public sealed class PipelineNotebookTests
{
    [Fact]
    public async Task Pipeline_runs_with_logging_caching_tracing_retries_and_both_clients()
    {
        var run = await NotebookHarness.RunAsync("05-pipeline.ipynb");

        var caching = run.Cell("sentForTwoCalls").Text;
        Assert.Equal(1, run.Variable<int>("sentForTwoCalls"));
        Assert.Equal(2, caching.Split('\n').Count(l => l.Contains("GetResponseAsync invoked", StringComparison.Ordinal)));
        Assert.Contains("Same answer: True", caching, StringComparison.Ordinal);

        Assert.Equal(1, run.Variable<int>("tracedCalls"));
        var span = run.Variable<List<Activity>>("spans")[0];
        Assert.Equal("127.0.0.1", span.GetTagItem("server.address"));
        Assert.True(Convert.ToInt32(span.GetTagItem("gen_ai.usage.output_tokens"), System.Globalization.CultureInfo.InvariantCulture) > 0);

        Assert.Equal([500, 500, 200], run.Variable<List<int?>>("attempts"));
        Assert.Contains("busy moment", run.Cell("busy moment").Text, StringComparison.Ordinal);

        var swap = run.Cell("Build(\"jamai\")").Text;
        Assert.Contains("perceptron (perceptron-mk1.5): ", swap, StringComparison.Ordinal);
        Assert.Contains("jamai (openai/gpt-4o-mini): You said: \"Say hello in French.\"", swap, StringComparison.Ordinal);
    }
}
