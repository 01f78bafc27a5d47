using System.Net;
using Connectors.Core;
using Connectors.Tests;
using Microsoft.Extensions.AI;

namespace Connectors.Perceptron.Tests;

public class ResponseMappingTests
{
    private static async Task<ChatResponse> NonStreamingAsync(string json)
    {
        using var client = TestClients.Create(new FakeHttpHandler().ReplyJson(json));
        return await client.GetResponseAsync(TestClients.Ask("x"));
    }

    private static async Task<(List<ChatResponseUpdate> Updates, ChatResponse Coalesced)> StreamingAsync(string sse)
    {
        using var client = TestClients.Create(new FakeHttpHandler().ReplySse(sse));
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(TestClients.Ask("x")))
        {
            updates.Add(update);
        }

        return (updates, updates.ToChatResponse());
    }

    [Fact]
    public async Task Reasoning_then_text_fixture_streams_to_the_expected_response()
    {
        var (updates, response) = await StreamingAsync(TestClients.TestData("sse", "reasoning-then-text.sse"));

        Assert.Equal("There are 3 cars.", response.Text);
        var message = Assert.Single(response.Messages);
        Assert.Equal(ChatRole.Assistant, message.Role);
        Assert.Equal("Counting cars", string.Concat(message.Contents.OfType<TextReasoningContent>().Select(r => r.Text)));
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(10, response.Usage?.InputTokenCount);
        Assert.Equal(5, response.Usage?.OutputTokenCount);
        Assert.Equal(15, response.Usage?.TotalTokenCount);
        Assert.All(updates, u => Assert.Equal("chatcmpl-1", u.ResponseId));
        Assert.All(updates, u => Assert.Equal("chatcmpl-1", u.MessageId));
        Assert.All(updates, u => Assert.Equal(ChatRole.Assistant, u.Role));
        Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
    }

    [Theory]
    [InlineData("reasoning-then-text")]
    [InlineData("tool-calls")]
    public async Task Streaming_then_coalescing_equals_the_non_streamed_response(string name)
    {
        var ssePath = name == "reasoning-then-text" ? new[] { "sse", $"{name}.sse" } : ["responses", $"{name}.sse"];
        var expected = await NonStreamingAsync(TestClients.TestData("responses", $"{name}.json"));
        var (_, actual) = await StreamingAsync(TestClients.TestData(ssePath));
        ResponseAssert.Equivalent(expected, actual);
    }

    [Fact]
    public async Task Tool_calls_map_with_bad_arguments_captured_not_thrown()
    {
        var response = await NonStreamingAsync(TestClients.TestData("responses", "tool-calls.json"));
        var calls = response.Messages[0].Contents.OfType<FunctionCallContent>().ToList();
        Assert.Equal(2, calls.Count);
        Assert.Equal("call_a", calls[0].CallId);
        Assert.Equal("Paris", calls[0].Arguments!["city"]!.ToString());
        Assert.Null(calls[0].Exception);
        Assert.NotNull(calls[1].Exception);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(4, response.Usage?.CachedInputTokenCount);
        Assert.Equal(3, response.Usage?.ReasoningTokenCount);
        Assert.NotNull(response.RawRepresentation);
    }

    [Fact]
    public async Task Streamed_tool_calls_without_ids_get_ids_and_are_emitted_once()
    {
        const string sse = """
            data: {"id":"c1","choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"type":"function","function":{"name":"f","arguments":"{\"a\""}}]}}]}

            data: {"id":"c1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":":1}"}}]}}]}

            data: {"id":"c1","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}

            data: [DONE]


            """;
        var (updates, response) = await StreamingAsync(sse);
        var call = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.False(string.IsNullOrEmpty(call.CallId));
        Assert.Equal("f", call.Name);
        Assert.Equal("1", call.Arguments!["a"]!.ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Fact]
    public async Task Unknown_finish_reasons_are_kept()
    {
        var response = await NonStreamingAsync("""{"id":"x","choices":[{"index":0,"message":{"role":"assistant","content":"done"},"finish_reason":"interrupted"}]}""");
        Assert.Equal("interrupted", response.FinishReason?.Value);
    }

    [Fact]
    public async Task Usage_on_the_final_chunk_and_a_trailing_chunk_is_counted_once_last_wins()
    {
        const string sse = """
            data: {"id":"c","choices":[{"index":0,"delta":{"content":"a"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}

            data: {"id":"c","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7}}

            data: [DONE]


            """;
        var (_, response) = await StreamingAsync(sse);
        Assert.Equal(7, response.Usage?.TotalTokenCount);
    }

    [Fact]
    public async Task Json_holding_line_separators_is_not_split()
    {
        var sse = "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\u2028b\u2029c\u0085d\"}}]}\n\ndata: [DONE]\n\n";
        var (_, response) = await StreamingAsync(sse);
        Assert.Equal("a\u2028b\u2029c\u0085d", response.Text);
    }

    [Fact]
    public async Task Midstream_error_fixture_yields_the_partial_text_then_throws_with_details()
    {
        using var client = TestClients.Create(new FakeHttpHandler().ReplySse(TestClients.TestData("sse", "midstream-error.sse")));
        var text = "";
        var error = await Assert.ThrowsAsync<ChatStreamException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(TestClients.Ask("x")))
            {
                text += update.Text;
            }
        });

        Assert.Equal("Partial answer", text);
        Assert.Contains("Generation failed.", error.Message, StringComparison.Ordinal);
        Assert.Equal("server_error", error.ErrorType);
        Assert.Equal("internal_error", error.ErrorCode);
    }

    [Fact]
    public async Task Truncated_fixture_throws_that_the_response_was_cut_off()
    {
        using var client = TestClients.Create(new FakeHttpHandler().ReplySse(TestClients.TestData("sse", "truncated-no-done.sse")));
        var error = await Assert.ThrowsAsync<ChatStreamException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync(TestClients.Ask("x")))
            {
            }
        });
        Assert.Contains("cut off", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_200_body_with_an_error_throws()
    {
        using var client = TestClients.Create(new FakeHttpHandler().Reply(HttpStatusCode.OK, """{"error":{"message":"boom","type":"server_error","code":"x"}}"""));
        var error = await Assert.ThrowsAsync<ChatStreamException>(() => client.GetResponseAsync(TestClients.Ask("x")));
        Assert.Contains("boom", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_service_returns_metadata_options_and_itself()
    {
        using var client = TestClients.Create(new FakeHttpHandler());
        var metadata = client.GetService<ChatClientMetadata>();
        Assert.Equal("perceptron", metadata?.ProviderName);
        Assert.Equal("https://api.perceptron.test/v1", metadata?.ProviderUri?.ToString());
        Assert.Equal("perceptron-mk1.5", metadata?.DefaultModelId);
        Assert.NotNull(client.GetService<PerceptronClientOptions>());
        Assert.Same(client, client.GetService<PerceptronChatClient>());
        Assert.Null(client.GetService<ChatClientMetadata>("key"));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Models_are_listed_with_limits_and_capabilities()
    {
        var handler = new FakeHttpHandler().ReplyJson("""
            {"object":"list","data":[{"id":"perceptron-mk1.5","name":"mk1.5","capabilities":["tool_calling","regex","future"],"modalities":["text","image"],
              "output_formats":["point","box"],"reasoning":{"supported":true,"always_enabled":false},"max_context_tokens":32768,"max_output_tokens":8192},{"noid":1}]}
            """);
        using var client = TestClients.Create(handler);
        var model = Assert.Single(await client.ListModelsAsync());
        Assert.Equal("perceptron-mk1.5", model.Id);
        Assert.Equal(["tool_calling", "regex", "future"], model.Capabilities);
        Assert.True(model.ReasoningSupported);
        Assert.Equal(32768, model.MaxContextTokens);
        Assert.Equal(8192, model.MaxOutputTokens);
        Assert.Equal("https://api.perceptron.test/v1/models?extended=true", handler.LastRequest.Uri.ToString());
    }
}
