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
        table.AddRow(new KnowledgeRow("Pests", "Marigolds planted between the rows keep aphids away from tomatoes.", fileName: "pests.md", chunkId: "pests-1"));
        table.AddRow(new KnowledgeRow("Watering", "Water tomatoes deeply twice a week, early in the morning.", fileName: "water.md", chunkId: "water-1"));
        table.AddRow(new KnowledgeRow("Soil", "Tomatoes like loose soil rich in compost, slightly acidic.", fileName: "soil.md", chunkId: "soil-1"));
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private JamAIChatClient CreateClient() =>
        new(new JamAIClientOptions { Endpoint = _server.JamAIEndpoint, Token = "jamai_pat_e2e", ProjectId = "proj_e2e", DefaultModelId = "openai/gpt-4o-mini" });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_emulator_model_calls_the_tool_the_question_needs_and_answers_from_its_result_with_no_rules(bool streaming)
    {
        var ct = TestContext.Current.CancellationToken;
        var asked = new List<string>();
        var options = new ChatOptions
        {
            Tools =
            [
                AIFunctionFactory.Create((string zone) => "14:05", "get_time", "Gets the current time in a time zone."),
                AIFunctionFactory.Create((string city) => { asked.Add(city); return $"21 C and clear in {city}"; }, "get_weather", "Gets the current weather for a city."),
            ],
        };
        using var client = new ChatClientBuilder(CreateClient()).UseFunctionInvocation().Build();

        var response = streaming
            ? await client.GetStreamingResponseAsync("What is the weather like in Kuala Lumpur today?", options, ct).ToChatResponseAsync(ct)
            : await client.GetResponseAsync("What is the weather like in Kuala Lumpur today?", options, ct);

        Assert.Equal(["Kuala Lumpur"], asked);
        Assert.Equal("get_weather returned: 21 C and clear in Kuala Lumpur.", response.Text);
        Assert.Empty(_server.Rules.All);
    }

    [Fact]
    public async Task With_no_tool_that_fits_the_emulator_model_answers_in_text()
    {
        var options = new ChatOptions { Tools = [AIFunctionFactory.Create((string zone) => "14:05", "get_time", "Gets the current time in a time zone.")] };
        using var client = CreateClient();

        var response = await client.GetResponseAsync("Tell me a joke about gardens.", options, TestContext.Current.CancellationToken);

        Assert.Empty(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Contains("gardens", response.Text, StringComparison.Ordinal);
    }

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

    [Fact]
    public async Task A_streamed_rag_answer_carries_citations_that_name_the_source_file()
    {
        var ct = TestContext.Current.CancellationToken;
        _server.Knowledge.GetOrCreate("handbook").AddDocument("handbook.md", "# Leave\n\nEmployees get 14 days of annual leave.\n\nUnused leave carries over for one year.");
        using var client = CreateClient();
        var options = new ChatOptions().WithRag(new RagParams("handbook") { K = 2 });

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("How many days of annual leave do employees get?", options, ct))
        {
            updates.Add(update);
        }

        // Each citation rides on the update whose text completes its marker, spanning the marker's part there.
        var cited = updates.SelectMany(u => u.Contents.OfType<TextContent>())
            .SelectMany(t => (t.Annotations ?? []).OfType<CitationAnnotation>().Select(c => (t.Text, Citation: c)))
            .ToList();
        Assert.NotEmpty(cited);
        foreach (var (text, citation) in cited)
        {
            var region = Assert.IsType<TextSpanAnnotatedRegion>(Assert.Single(citation.AnnotatedRegions!));
            Assert.EndsWith("]", text[region.StartIndex!.Value..region.EndIndex!.Value], StringComparison.Ordinal);
            Assert.StartsWith("s3://", citation.FileId, StringComparison.Ordinal);
            Assert.EndsWith("/handbook.md", citation.FileId, StringComparison.Ordinal);
            Assert.Equal("Leave", citation.Title);
        }

        // The coalesced answer keeps them, and their sources resolve to addresses in one call.
        var response = updates.ToChatResponse();
        await client.ResolveCitationUrlsAsync(response, ct);
        var resolved = response.Messages.SelectMany(m => m.Contents).SelectMany(c => c.Annotations ?? []).OfType<CitationAnnotation>().ToList();
        Assert.Equal(cited.Count, resolved.Count);
        Assert.All(resolved, c => Assert.Equal(Uri.UriSchemeHttp, c.Url!.Scheme));
        Assert.Single(_server.RequestLog.Entries, e => e.Path.EndsWith("/v2/files/url/raw", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Embeddings_rank_a_paraphrase_above_an_unrelated_text()
    {
        var ct = TestContext.Current.CancellationToken;
        using var generator = new JamAIEmbeddingGenerator(
            new JamAIClientOptions { Endpoint = _server.JamAIEndpoint, Token = "jamai_pat_e2e", ProjectId = "proj_e2e" },
            "ellm/bge-small-en-v1.5");

        var embeddings = await generator.GenerateAsync(
            ["How many days of annual leave do employees get?", "Employees get 14 days of annual leave.", "Forklifts must be parked in bay 4."],
            new EmbeddingGenerationOptions { AdditionalProperties = new() { [JamAIEmbeddingGenerator.InputTypeKey] = "query" } },
            ct);

        var query = embeddings[0].Vector.Span;
        var paraphrase = System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(query, embeddings[1].Vector.Span);
        var unrelated = System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(query, embeddings[2].Vector.Span);
        Assert.True(paraphrase > unrelated + 0.3f, $"paraphrase {paraphrase}, unrelated {unrelated}");
        Assert.Equal(3, embeddings.Count);
        Assert.True(embeddings.Usage!.InputTokenCount > 0);
    }

    [Fact]
    public async Task A_server_restarting_the_answer_mid_stream_ends_it_with_the_typed_error_and_no_doubled_text()
    {
        var ct = TestContext.Current.CancellationToken;
        _server.Rules.When("restart me", new RuleReply { Text = "one two three four five six seven eight", ChunkSize = 4, Fault = Emulator.Faults.EmulatorFaults.RestartStream });
        using var client = CreateClient();

        var texts = new List<string>();
        var error = await Assert.ThrowsAsync<Core.ChatStreamException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("restart me", cancellationToken: ct))
            {
                texts.Add(update.Text);
            }
        });

        Assert.True(error.IsRetryable);
        Assert.Contains("restarted the answer", error.Message, StringComparison.Ordinal);
        var received = string.Concat(texts);
        Assert.StartsWith(received, "one two three four five six seven eight", StringComparison.Ordinal); // a prefix, never repeated
        Assert.NotEmpty(received);
        Assert.Single(_server.RequestLog.Entries, e => e.Path == "/api/v1/chat/completions");
    }
}
