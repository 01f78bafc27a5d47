using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Connectors.JamAI.Tests;

public class FunctionInvocationTests
{
    private static string ToolCall(string id, string name, string arguments) => $$$"""
        {"id":"r_{{{id}}}","object":"chat.completion","created":1767225600,"model":"openai/gpt-4o-mini",
         "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"{{{id}}}","type":"function","function":{"name":"{{{name}}}","arguments":{{{JsonValue.Create(arguments).ToJsonString()}}}}}]},"finish_reason":"tool_calls"}],
         "usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}
        """;

    private static string Answer(string text) => $$$"""
        {"id":"r_final","object":"chat.completion","created":1767225600,"model":"openai/gpt-4o-mini",
         "choices":[{"index":0,"message":{"role":"assistant","content":{{{JsonValue.Create(text).ToJsonString()}}}},"finish_reason":"stop"}],
         "usage":{"prompt_tokens":30,"completion_tokens":8,"total_tokens":38}}
        """;

    private static ChatOptions Tools() => new()
    {
        Tools =
        [
            AIFunctionFactory.Create((string city) => $"21 C and clear in {city}", "get_weather", "Current weather."),
            AIFunctionFactory.Create((string zone) => zone == "CET" ? "14:05" : "unknown", "get_time", "Current time."),
        ],
    };

    [Fact]
    public async Task TwoStepToolLoopCompletesWithFoldedHistory()
    {
        var handler = new ScriptedHandler()
            .Json(ToolCall("call_w", "get_weather", """{"city":"Paris"}"""))
            .Json(ToolCall("call_t", "get_time", """{"zone":"CET"}"""))
            .Json(Answer("It is 14:05 and 21 C and clear in Paris."));
        using var jamai = Clients.Create(handler);
        using var client = new ChatClientBuilder(jamai).UseFunctionInvocation().Build();

        var response = await client.GetResponseAsync([new(ChatRole.User, "Weather and time in Paris?")], Tools(), TestContext.Current.CancellationToken);

        Assert.Equal("It is 14:05 and 21 C and clear in Paris.", response.Text);
        Assert.Equal(3, handler.Requests.Count);
        foreach (var request in handler.Requests)
        {
            JsonAssert.NoNullOrEmptyArray(request.Json);
            Assert.DoesNotContain("\"role\":\"tool\"", request.Body, StringComparison.Ordinal);
        }

        JsonAssert.Equal("""
            [{"role":"user","content":"Weather and time in Paris?"},
             {"role":"assistant","content":"<tool_call id=\"call_w\" name=\"get_weather\">{\"city\":\"Paris\"}</tool_call>"},
             {"role":"user","content":"<tool_result id=\"call_w\" name=\"get_weather\">21 C and clear in Paris</tool_result>"},
             {"role":"assistant","content":"<tool_call id=\"call_t\" name=\"get_time\">{\"zone\":\"CET\"}</tool_call>"},
             {"role":"user","content":"<tool_result id=\"call_t\" name=\"get_time\">14:05</tool_result>"}]
            """, handler.Requests[2].Json["messages"]!);
    }

    [Fact]
    public async Task StreamingToolLoopCompletesWhenToolCallsAreStreamed()
    {
        static string Sse(string json) => $"data: {JsonNode.Parse(json)!.ToJsonString()}\n\ndata: [DONE]\n\n";
        var handler = new ScriptedHandler()
            .Sse(Sse(ToolCall("call_w", "get_weather", """{"city":"Oslo"}""").Replace("\"message\"", "\"delta\"", StringComparison.Ordinal)))
            .Sse(Sse(Answer("Clear in Oslo.").Replace("\"message\"", "\"delta\"", StringComparison.Ordinal)));
        using var jamai = Clients.Create(handler, static o => o.StreamToolCalls = true);
        using var client = new ChatClientBuilder(jamai).UseFunctionInvocation().Build();

        var response = await client.GetStreamingResponseAsync([new(ChatRole.User, "Weather in Oslo?")], Tools(), TestContext.Current.CancellationToken).ToChatResponseAsync(TestContext.Current.CancellationToken);

        Assert.Equal("Clear in Oslo.", response.Messages[^1].Text);
        Assert.Equal("<tool_result id=\"call_w\" name=\"get_weather\">21 C and clear in Oslo</tool_result>", handler.Requests[1].Json["messages"]![2]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task StreamingToolLoopCompletesOverWholeReplies()
    {
        // The current server's stream breaks on tool-call fragments: by default a streamed request with tools
        // is sent unstreamed, and its reply replayed as updates.
        var handler = new ScriptedHandler()
            .Replay("chat_nonstream_tool_calls")
            .Json(Answer("It is 14:05 and 21 C and clear in Paris."));
        using var jamai = Clients.Create(handler);
        using var client = new ChatClientBuilder(jamai).UseFunctionInvocation().Build();

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync([new(ChatRole.User, "Weather and time in Paris?")], Tools(), TestContext.Current.CancellationToken))
        {
            updates.Add(update);
        }

        var response = updates.ToChatResponse();
        Assert.Equal("It is 14:05 and 21 C and clear in Paris.", response.Messages[^1].Text);
        Assert.Equal(["toolu_01A", "toolu_01B"], updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().Select(c => c.CallId));
        Assert.Equal(2, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.False(r.Json["stream"]?.GetValue<bool>() ?? false));
        Assert.Contains("<tool_result id=\"toolu_01A\" name=\"get_weather\">21 C and clear in Paris</tool_result>", handler.Requests[1].Body.Replace("\\\"", "\"", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_streamed_request_without_tools_is_streamed()
    {
        var handler = new ScriptedHandler().Replay("chat_stream_rag");
        using var jamai = Clients.Create(handler);

        var response = await jamai.GetStreamingResponseAsync([new(ChatRole.User, "Leave?")], new ChatOptions(), TestContext.Current.CancellationToken).ToChatResponseAsync(TestContext.Current.CancellationToken);

        Assert.StartsWith("You get 14 days", response.Text, StringComparison.Ordinal);
        Assert.True(handler.Requests[0].Json["stream"]!.GetValue<bool>());
    }
}
