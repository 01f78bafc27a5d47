using System.Text;
using Connectors.Core;
using Connectors.Emulator;
using Microsoft.Extensions.AI;

namespace Connectors.JamAI.Tests;

public sealed class KnowledgeClientTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static JamAIKnowledgeClient Create(ScriptedHandler handler) => new(
        new JamAIClientOptions { Endpoint = new Uri("http://127.0.0.1:6969/api"), Token = Clients.Token, ProjectId = "proj_test", Resilience = new() { RetriesEnabled = false } },
        new HttpClient(handler));

    [Fact]
    public async Task Requests_have_the_shapes_the_server_reads()
    {
        var handler = new ScriptedHandler()
            .Json("""{"id":"handbook","num_rows":0}""")
            .Json("""{"object":"gen_table.rows","rows":["r1"]}""")
            .Json("""[{"ID":"r1","Title":"Leave","Text":"14 days.","File ID":"","Page":2}]""")
            .Json("""{"ok":true}""");
        using var knowledge = Create(handler);

        var table = await knowledge.CreateTableAsync("handbook", "ellm/bge-small-en-v1.5", Token);
        await knowledge.AddRowsAsync("handbook", [new JamAIKnowledgeRow("Leave", "14 days.") { Page = 2 }], Token);
        var found = await knowledge.SearchAsync("handbook", "leave", 5, Token);
        await knowledge.DeleteTableAsync("handbook", Token);

        Assert.Equal("handbook", table.Id);
        Assert.Equal(0, table.RowCount);
        JsonAssert.Equal("""{"id":"handbook","cols":[],"embedding_model":"ellm/bge-small-en-v1.5"}""", handler.Requests[0].Json);
        Assert.EndsWith("/api/v2/gen_tables/knowledge", handler.Requests[0].Uri.AbsolutePath, StringComparison.Ordinal);
        JsonAssert.Equal("""{"table_id":"handbook","data":[{"Title":"Leave","Text":"14 days.","Page":2}],"stream":false}""", handler.Requests[1].Json);
        JsonAssert.Equal("""{"table_id":"handbook","query":"leave","limit":5}""", handler.Requests[2].Json);
        var row = Assert.Single(found);
        Assert.Equal(("r1", "Leave", "14 days.", 2, (string?)null), (row.Id, row.Title, row.Text, row.Page, row.FileId));
        Assert.Equal(HttpMethod.Delete, handler.Requests[3].Method);
        Assert.Equal("?table_id=handbook", handler.Requests[3].Uri.Query);
        Assert.All(handler.Requests, r => Assert.Equal("proj_test", r.Header("X-PROJECT-ID")));
    }

    [Fact]
    public async Task Bad_arguments_fail_before_sending()
    {
        var handler = new ScriptedHandler();
        using var knowledge = Create(handler);

        await Assert.ThrowsAsync<ArgumentException>(() => knowledge.AddRowsAsync("t", [], Token));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => knowledge.SearchAsync("t", "q", 1001, Token));
        await Assert.ThrowsAsync<ArgumentException>(() => knowledge.CreateTableAsync(" ", cancellationToken: Token));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task A_table_built_from_dotnet_is_what_a_streamed_rag_answer_cites()
    {
        await using var server = await EmulatorServer.StartAsync(cancellationToken: Token);
        var options = new JamAIClientOptions { Endpoint = server.JamAIEndpoint, Token = "jamai_pat_e2e", ProjectId = "proj_e2e", DefaultModelId = "openai/gpt-4o-mini" };
        using var knowledge = new JamAIKnowledgeClient(options);

        await knowledge.CreateTableAsync("policies", cancellationToken: Token);
        await knowledge.EmbedFileAsync("policies", "returns.md", Encoding.UTF8.GetBytes("# Returns\n\nReturns are accepted within 30 days of delivery."), Token);
        await knowledge.AddRowsAsync("policies", [new JamAIKnowledgeRow("Shipping", "Orders ship from Lyon within two working days.")], Token);
        Assert.Equal(2, (await knowledge.GetTableAsync("policies", Token)).RowCount);
        Assert.Contains(await knowledge.ListTablesAsync(Token), t => t.Id == "policies");
        var found = await knowledge.SearchAsync("policies", "returns delivery", 1, Token);
        Assert.StartsWith("s3://", Assert.Single(found).FileId, StringComparison.Ordinal);

        using var chat = new JamAIChatClient(options);
        var response = await chat.GetStreamingResponseAsync("Within how many days are returns accepted?", new ChatOptions().WithRag(new RagParams("policies") { K = 1 }), Token)
            .ToChatResponseAsync(Token);

        var citation = Assert.Single(response.Messages.SelectMany(m => m.Contents).SelectMany(c => c.Annotations ?? []).OfType<CitationAnnotation>());
        Assert.Equal("Returns", citation.Title);
        Assert.EndsWith("/returns.md", citation.FileId, StringComparison.Ordinal);
        Assert.Contains("30 days", citation.Snippet, StringComparison.Ordinal);

        await knowledge.DeleteTableAsync("policies", Token);
        var gone = await Assert.ThrowsAsync<ChatInvalidRequestException>(() => knowledge.GetTableAsync("policies", Token));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.StatusCode);
    }
}
