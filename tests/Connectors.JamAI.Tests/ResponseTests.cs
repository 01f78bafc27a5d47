using System.Text.Json;
using Connectors.Core;
using Microsoft.Extensions.AI;

namespace Connectors.JamAI.Tests;

public class ResponseTests
{
    private static readonly ChatMessage[] Question = [new(ChatRole.User, "Warranty and returns?")];

    private static async Task<ChatResponse> NonStreamingAsync(string file)
    {
        using var client = Clients.Create(new ScriptedHandler().Json(TestData.Read(file)));
        return await client.GetResponseAsync(Question, cancellationToken: TestContext.Current.CancellationToken);
    }

    private static async Task<(ChatResponse Response, List<ChatResponseUpdate> Updates)> StreamingAsync(string file)
    {
        using var client = Clients.Create(new ScriptedHandler().Sse(TestData.Read(file)));
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(Question, cancellationToken: TestContext.Current.CancellationToken))
        {
            updates.Add(update);
        }

        return (updates.ToChatResponse(), updates);
    }

    [Fact]
    public async Task ReferencesAndCitations()
    {
        var response = await NonStreamingAsync("rag.json");

        var references = response.GetReferences();
        Assert.NotNull(references);
        Assert.Equal("warranty returns policy", references.SearchQuery);
        Assert.Equal(3, references.Chunks.Count);
        var first = references.Chunks[0];
        Assert.Equal("All devices carry a two-year warranty.", first.Text);
        Assert.Equal("Warranty policy", first.Title);
        Assert.Equal(3, first.Page);
        Assert.Equal("policy.pdf", first.FileName);
        Assert.Equal("s3://kb/policy.pdf", first.FilePath);
        Assert.Equal("doc_1", first.DocumentId);
        Assert.Equal("chunk_a", first.ChunkId);
        Assert.Equal("Warranty", first.Context!["Section"].GetString());
        Assert.Equal(0.91, first.Metadata!["score"].GetDouble());
        Assert.Null(references.Chunks[1].Page);
        Assert.Null(references.Chunks[2].Context);

        var message = Assert.Single(response.Messages);
        Assert.IsType<JamAIReferencesContent>(message.Contents[0]);
        Assert.IsType<TextReasoningContent>(message.Contents[1]);
        var text = Assert.Single(message.Contents.OfType<TextContent>());
        var citations = text.Annotations!.Cast<CitationAnnotation>().ToList();

        // [@0] once, [@1; @2] twice over the same marker, [@9] names no chunk and stays text. The source is
        // document_id (an older server also wrote file_path: a web address there becomes the Url).
        Assert.Equal(3, citations.Count);
        AssertCitation(text.Text, citations[0], "[@0]", "Warranty policy", "All devices carry a two-year warranty.", url: null, fileId: "doc_1");
        AssertCitation(text.Text, citations[1], "[@1; @2]", "Returns", "Returns are accepted within 30 days.", url: "https://example.com/returns.html", fileId: "doc_2");
        AssertCitation(text.Text, citations[2], "[@1; @2]", "shipping.md", "Return shipping is free.", url: null, fileId: "doc_3");
        Assert.Equal(0, citations[0].AdditionalProperties!["chunk_index"]);
        Assert.Equal("chunk_b", citations[1].AdditionalProperties!["chunk_id"]);
        Assert.Equal(citations.Select(static c => Describe(c)), response.GetCitations().Select(static c => Describe(c)));
    }

    private static void AssertCitation(string text, CitationAnnotation citation, string marker, string title, string snippet, string? url, string? fileId)
    {
        var region = Assert.IsType<TextSpanAnnotatedRegion>(Assert.Single(citation.AnnotatedRegions!));
        Assert.Equal(marker, text[region.StartIndex!.Value..region.EndIndex!.Value]);
        Assert.Equal(title, citation.Title);
        Assert.Equal(snippet, citation.Snippet);
        Assert.Equal(url, citation.Url?.ToString());
        Assert.Equal(fileId, citation.FileId);
    }

    private static string Describe(CitationAnnotation c) => Describe(c, 0);

    private static string Describe(CitationAnnotation c, int offset)
    {
        var region = (TextSpanAnnotatedRegion)c.AnnotatedRegions![0];
        return $"..{region.EndIndex + offset}|{c.Title}|{c.Snippet}|{c.Url}|{c.FileId}|{c.AdditionalProperties?["chunk_index"]}";
    }

    [Fact]
    public async Task ReasoningUsageAndToolUsage()
    {
        var response = await NonStreamingAsync("rag.json");

        Assert.Equal("The user asks about warranty and returns.", Assert.Single(response.Messages[0].Contents.OfType<TextReasoningContent>()).Text);
        Assert.Equal(812, response.Usage!.InputTokenCount);
        Assert.Equal(40, response.Usage.OutputTokenCount);
        Assert.Equal(852, response.Usage.TotalTokenCount);
        Assert.Equal(12, response.Usage.ReasoningTokenCount);
        Assert.Equal(1, response.Usage.AdditionalCounts!["tool_usage_details.code_interpreter_calls"]);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal("openai/gpt-4o-mini", response.ModelId);
    }

    [Fact]
    public async Task PlainReplyHasNoReferences()
    {
        var response = await NonStreamingAsync("plain.json");

        Assert.Equal("Hello there.", response.Text);
        Assert.Null(response.GetReferences());
        Assert.Empty(response.GetCitations());
        Assert.Null(response.Messages[0].Contents.OfType<TextContent>().Single().Annotations);
    }

    [Theory]
    [InlineData("rag.json", "rag.sse")]
    [InlineData("tool-calls.json", "tool-calls.sse")]
    [InlineData("choices.json", "choices.sse")]
    public async Task StreamingThenCoalescingEqualsNonStreaming(string json, string sse)
    {
        var expected = await NonStreamingAsync(json);
        var (actual, _) = await StreamingAsync(sse);
        actual.ApplyCitations();

        Assert.Equal(Snapshot(expected), Snapshot(actual));
        Assert.Equal(expected.GetChoices().Select(static m => m.Text), actual.GetChoices().Select(static m => m.Text));
    }

    /// <summary>
    /// What must match: contents (type, text, citations, references, calls), usage and finish reason; ids may differ.
    /// Adjacent texts are read as one (a stream keeps each text that carries citations apart); a citation is
    /// described by where its marker ends, since a streamed one spans only its marker's part in its own update.
    /// </summary>
    private static string Snapshot(ChatResponse response)
    {
        var answer = response.GetChoices()[0];
        var parts = new List<string> { $"finish={response.FinishReason}", $"role={answer.Role}" };
        string? text = null;
        var citations = new List<string>();
        foreach (var content in answer.Contents)
        {
            if (content is TextContent piece)
            {
                citations.AddRange((piece.Annotations ?? []).Cast<CitationAnnotation>().Select(c => Describe(c, (text ?? "").Length)));
                text = (text ?? "") + piece.Text;
                continue;
            }

            if (text is not null)
            {
                parts.Add($"text:{text}|{string.Join(",", citations)}");
                (text, citations) = (null, []);
            }

            parts.Add(content switch
            {
                TextReasoningContent reasoning => $"reasoning:{reasoning.Text}",
                JamAIReferencesContent references => $"references:{references.References.SearchQuery}|{string.Join(",", references.References.Chunks.Select(static c => c.ChunkId))}",
                FunctionCallContent call => $"call:{call.CallId}:{call.Name}:{JsonSerializer.Serialize(call.Arguments, AIJsonUtilities.DefaultOptions)}",
                _ => content.GetType().Name,
            });
        }

        if (text is not null)
        {
            parts.Add($"text:{text}|{string.Join(",", citations)}");
        }

        var usage = response.Usage;
        parts.Add($"usage={usage?.InputTokenCount}/{usage?.OutputTokenCount}/{usage?.TotalTokenCount}/{usage?.ReasoningTokenCount}/{string.Join(",", usage?.AdditionalCounts ?? [])}");
        parts.Add($"citations={string.Join(",", response.GetCitations().Select(static c => Describe(c)))}");
        return string.Join("\n", parts);
    }

    [Fact]
    public async Task StreamDeliversReferencesFirstAndRequestIdOnEveryUpdate()
    {
        var (response, updates) = await StreamingAsync("rag.sse");

        Assert.NotNull(updates[0].GetReferences());
        Assert.All(updates.Skip(1), static u => Assert.Null(u.GetReferences()));
        var requestId = updates[0].GetRequestId();
        Assert.StartsWith("req_", requestId, StringComparison.Ordinal);
        Assert.All(updates, u => Assert.Equal(requestId, u.GetRequestId()));

        // delta and its duplicate message are read once
        Assert.Equal("The warranty lasts two years [@0]. Returns are free within 30 days [@1; @2], see also [@9].", response.Text);
        Assert.Equal(3, response.GetCitations().Count);
        Assert.Equal(12, Assert.Single(updates.SelectMany(static u => u.Contents).OfType<UsageContent>()).Details.ReasoningTokenCount);
    }

    [Fact]
    public async Task StreamedToolFragmentsWithoutIndexAreAssembledById()
    {
        var (response, _) = await StreamingAsync("tool-calls.sse");

        var calls = response.Messages.SelectMany(static m => m.Contents).OfType<FunctionCallContent>().ToList();
        Assert.Equal(2, calls.Count);
        Assert.Equal(("call_w", "get_weather", "Paris"), (calls[0].CallId, calls[0].Name, calls[0].Arguments!["city"]!.ToString()));
        Assert.Equal(("call_t", "get_time", "CET"), (calls[1].CallId, calls[1].Name, calls[1].Arguments!["zone"]!.ToString()));
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Fact]
    public async Task SeveralChoicesStayApart()
    {
        var response = await NonStreamingAsync("choices.json");

        Assert.Equal("First.", response.Text);
        Assert.Equal(["First.", "Second."], response.GetChoices().Select(static m => m.Text));
        var (streamed, _) = await StreamingAsync("choices.sse");
        Assert.Equal(["First.", "Second."], streamed.GetChoices().Select(static m => m.Text));
    }

    [Fact]
    public async Task FinishReasonErrorIsAStreamError()
    {
        var error = await Assert.ThrowsAsync<ChatStreamException>(() => StreamingAsync("stream-error-finish.sse"));

        Assert.Contains("error", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("req_", error.RequestId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamWithoutDoneIsAnError()
    {
        var error = await Assert.ThrowsAsync<ChatStreamException>(() => StreamingAsync("stream-no-done.sse"));

        Assert.Contains("[DONE]", error.Message, StringComparison.Ordinal);
        Assert.True(error.IsRetryable);
    }

    [Fact]
    public void CitationMarkersNeverThrow()
    {
        var references = new JamAIReferences { Chunks = [new JamAIChunk { Text = "a" }, new JamAIChunk { Text = "b" }] };

        Assert.Empty(references.CreateCitations(null));
        Assert.Empty(references.CreateCitations("[@] [@x] [@1 [@99999999999] [@0;] @0]"));
        var both = references.CreateCitations("x [@1, @0; @1]");
        Assert.Equal([1, 0], both.Select(static c => (int)c.AdditionalProperties!["chunk_index"]!));
    }

    [Fact]
    public void ReferencesContentRoundTripsThroughJson()
    {
        var references = new JamAIReferences { SearchQuery = "q", Chunks = [new JamAIChunk { Text = "t", Title = "T", Page = 2, ChunkId = "c" }] };
        var message = new ChatMessage(ChatRole.Assistant, [new JamAIReferencesContent(references), new TextContent("see [@0]")]);

        var json = JsonSerializer.Serialize(message, JamAIJsonUtilities.DefaultOptions);
        var back = JsonSerializer.Deserialize<ChatMessage>(json, JamAIJsonUtilities.DefaultOptions)!;

        Assert.Equal("jamaiReferences", System.Text.Json.Nodes.JsonNode.Parse(json)!["contents"]![0]!["$type"]!.GetValue<string>());
        var restored = back.GetReferences();
        Assert.NotNull(restored);
        Assert.Equal("q", restored.SearchQuery);
        Assert.Equal(("t", "T", 2, "c"), (restored.Chunks[0].Text, restored.Chunks[0].Title, restored.Chunks[0].Page, restored.Chunks[0].ChunkId));
    }
}
