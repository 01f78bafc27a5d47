using Microsoft.Extensions.AI;

namespace Connectors.Notebooks.Tests;

[Collection(NotebookCollection.Name)]
public sealed class JamAINotebookTests
{
    [Fact]
    public async Task JamAI_runs_with_citations_on_the_right_chunk_and_a_real_tool_loop()
    {
        var run = await NotebookHarness.RunAsync("04-jamai.ipynb");

        Assert.Contains("openai/gpt-4o-mini", run.Cell("ListModelsAsync").Text, StringComparison.Ordinal);

        // The refund answer cites the Refunds row, by the chunk id the table gave that row.
        var chunkIds = run.Variable<Dictionary<string, string>>("chunkIds");
        var citations = run.Variable<IReadOnlyList<CitationAnnotation>>("citations");
        Assert.NotEmpty(citations);
        var refund = citations.First();
        Assert.Equal("Refunds", chunkIds[(string)refund.AdditionalProperties!["chunk_id"]!]);
        Assert.Contains("14 days", refund.Snippet, StringComparison.Ordinal);
        Assert.Contains("14 days", run.Variable<ChatResponse>("cited").Text, StringComparison.Ordinal);

        // The function really ran, and its result reached the second request folded into text.
        Assert.Equal(["A-1001"], run.Variable<List<string>>("toolCalls"));
        Assert.Equal("Your order A-1001 has shipped and should arrive on Thursday.", run.Variable<ChatResponse>("toolAnswer").Text);
        Assert.Contains("<tool_result", run.Cell("RequestLog.Last").Text, StringComparison.Ordinal);
        Assert.Contains("arriving Thursday", run.Cell("RequestLog.Last").Text, StringComparison.Ordinal);
    }
}
