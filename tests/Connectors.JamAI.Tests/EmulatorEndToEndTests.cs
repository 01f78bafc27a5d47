using Connectors.Emulator;
using Connectors.Emulator.Knowledge;
using Connectors.Emulator.Rules;
using Microsoft.Extensions.AI;

namespace Connectors.JamAI.Tests;

/// <summary>The JamAI client against the emulator over real HTTP and SSE on 127.0.0.1.</summary>
public sealed class EmulatorEndToEndTests : IAsyncLifetime
{
    private EmulatorServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await EmulatorServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var table = _server.Knowledge.GetOrCreate("garden");
        table.AddRow(new KnowledgeRow { Title = "Pests", Text = "Marigolds planted between the rows keep aphids away from tomatoes.", FileName = "pests.md", ChunkId = "pests-1" });
        table.AddRow(new KnowledgeRow { Title = "Watering", Text = "Water tomatoes deeply twice a week, early in the morning.", FileName = "water.md", ChunkId = "water-1" });
        table.AddRow(new KnowledgeRow { Title = "Soil", Text = "Tomatoes like loose soil rich in compost, slightly acidic.", FileName = "soil.md", ChunkId = "soil-1" });
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private JamAIChatClient CreateClient() =>
        new(new JamAIClientOptions { Endpoint = _server.JamAIEndpoint, Token = "jamai_pat_e2e", ProjectId = "proj_e2e", DefaultModelId = "openai/gpt-4o-mini" });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Rag_answer_cites_the_chunk_that_holds_the_answer(bool streaming)
    {
        using var client = CreateClient();
        var options = new ChatOptions().WithRag(new RagParams("garden") { K = 2 });
        var ct = TestContext.Current.CancellationToken;

        var response = streaming
            ? (await client.GetStreamingResponseAsync("Which flower keeps aphids away?", options, ct).ToChatResponseAsync(ct)).ApplyCitations()
            : await client.GetResponseAsync("Which flower keeps aphids away?", options, ct);

        var references = response.GetReferences();
        Assert.NotNull(references);
        Assert.Equal("pests-1", references.Chunks[0].ChunkId);
        var citations = response.GetCitations();
        Assert.NotEmpty(citations);
        var text = response.Text;
        foreach (var citation in citations)
        {
            // Each citation spans its [@n] marker in the answer, and the sentence it closes comes from the cited chunk.
            var region = Assert.IsType<TextSpanAnnotatedRegion>(Assert.Single(citation.AnnotatedRegions!));
            var marker = text[region.StartIndex!.Value..region.EndIndex!.Value];
            Assert.Matches(@"^\[@\d+(; ?@\d+)*\]$", marker);
            Assert.Contains(citation.Snippet!, references.Chunks.Select(c => c.Text));
        }

        var aphids = Assert.Single(citations, c => c.Snippet!.Contains("aphids", StringComparison.Ordinal));
        Assert.Equal("Pests", aphids.Title);
        Assert.Contains("aphids", text, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Two_step_tool_loop_finishes_with_the_tools_results(bool streaming)
    {
        var ct = TestContext.Current.CancellationToken;
        var city = "Oslo-" + Guid.NewGuid().ToString("N")[..6];
        _server.Rules.Add(new EmulatorRule
        {
            Name = "ask weather",
            Match = new RuleMatch { Dialect = EmulatorDialect.JamAI, Text = "weather and time in (\\S+)\\?", HasTools = true },
            Reply = new RuleReply { ToolCalls = [RuleToolCall.Create("get_weather", $$"""{"city":"{{city}}"}""")] },
        });
        _server.Rules.Add(new EmulatorRule
        {
            Name = "ask time",
            Match = new RuleMatch { Dialect = EmulatorDialect.JamAI, Text = "name=\"get_weather\">[^<]+</tool_result>", HasTools = true },
            Reply = new RuleReply { ToolCalls = [RuleToolCall.Create("get_time", """{"zone":"CET"}""")] },
        });
        _server.Rules.Add(new EmulatorRule
        {
            Name = "answer",
            Match = new RuleMatch { Dialect = EmulatorDialect.JamAI, Text = "name=\"get_time\">(?<time>[^<]+)</tool_result>" },
            Reply = new RuleReply { Text = "It is ${time} there.", ChunkSize = 4 },
        });

        var calls = new List<string>();
        var options = new ChatOptions
        {
            Tools =
            [
                AIFunctionFactory.Create((string city) => { calls.Add("weather:" + city); return $"14 C and windy in {city}"; }, "get_weather", "Current weather in a city."),
                AIFunctionFactory.Create((string zone) => { calls.Add("time:" + zone); return $"09:{calls.Count:00} {zone}"; }, "get_time", "Current time in a zone."),
            ],
        };
        using var jamai = CreateClient();
        using var client = new ChatClientBuilder(jamai).UseFunctionInvocation().Build();

        var response = streaming
            ? await client.GetStreamingResponseAsync("What are the weather and time in Oslo?", options, ct).ToChatResponseAsync(ct)
            : await client.GetResponseAsync("What are the weather and time in Oslo?", options, ct);

        Assert.Equal(["weather:" + city, "time:CET"], calls);
        Assert.EndsWith("It is 09:02 CET there.", response.Text, StringComparison.Ordinal);

        // The second and third requests carried the earlier tool results, folded into user text.
        var requests = _server.RequestLog.Entries.Where(e => e.Path == "/api/v1/chat/completions").ToList();
        Assert.Equal(3, requests.Count);
        Assert.Contains($"14 C and windy in {city}", requests[1].Body, StringComparison.Ordinal);
        Assert.Contains("09:02 CET", requests[2].Body, StringComparison.Ordinal);
        Assert.All(requests, r => Assert.DoesNotContain("\"role\":\"tool\"", r.Body, StringComparison.Ordinal));
    }
}
