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
    public async Task StreamingToolLoopCompletes()
    {
        static string Sse(string json) => $"data: {JsonNode.Parse(json)!.ToJsonString()}\n\ndata: [DONE]\n\n";
        var handler = new ScriptedHandler()
            .Sse(Sse(ToolCall("call_w", "get_weather", """{"city":"Oslo"}""").Replace("\"message\"", "\"delta\"", StringComparison.Ordinal)))
            .Sse(Sse(Answer("Clear in Oslo.").Replace("\"message\"", "\"delta\"", StringComparison.Ordinal)));
        using var jamai = Clients.Create(handler);
        using var client = new ChatClientBuilder(jamai).UseFunctionInvocation().Build();

        var response = await client.GetStreamingResponseAsync([new(ChatRole.User, "Weather in Oslo?")], Tools(), TestContext.Current.CancellationToken).ToChatResponseAsync(TestContext.Current.CancellationToken);

        Assert.Equal("Clear in Oslo.", response.Messages[^1].Text);
        Assert.Equal("<tool_result id=\"call_w\" name=\"get_weather\">21 C and clear in Oslo</tool_result>", handler.Requests[1].Json["messages"]![2]!["content"]!.GetValue<string>());
    }
}
