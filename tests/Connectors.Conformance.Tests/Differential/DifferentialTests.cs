using System.ClientModel;
using System.ClientModel.Primitives;
using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Conformance.Tests.Schema;
using Connectors.JamAI;
using Connectors.Perceptron;
using Connectors.Tests;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Connectors.Conformance.Tests.Differential;

/// <summary>
/// For the OpenAI-compatible subset, our clients and MEAI's own <c>OpenAIChatClient</c> must send the same request
/// for the same inputs, and read the same reply bytes into the same response.
/// </summary>
public class DifferentialTests
{
    private const string Model = "perceptron-mk1.5"; // the Perceptron client's default
    private static readonly Uri Endpoint = new("https://api.perceptron.test/v1");

    public enum Client
    {
        Perceptron,
        JamAI,
    }

    private static IChatClient Ours(Client client, FakeHttpHandler handler) => client switch
    {
        Client.Perceptron => new PerceptronChatClient(new PerceptronClientOptions { ApiKey = "k", Endpoint = Endpoint, Resilience = new() { RetriesEnabled = false } }, new HttpClient(handler)),
        _ => new JamAIChatClient(new JamAIClientOptions { Token = "k", Endpoint = new("https://api.jamai.test/api"), DefaultModelId = Model, Resilience = new() { RetriesEnabled = false } }, new HttpClient(handler)),
    };

    private static IChatClient Theirs(FakeHttpHandler handler) =>
        new OpenAI.Chat.ChatClient(Model, new ApiKeyCredential("k"), new OpenAIClientOptions
        {
            Endpoint = Endpoint,
            Transport = new HttpClientPipelineTransport(new HttpClient(handler)),
            NetworkTimeout = TimeSpan.FromSeconds(30),
            RetryPolicy = new ClientRetryPolicy(0),
        }).AsIChatClient();

    /// <summary>
    /// Request scenarios per client. JamAI leaves out what it deliberately sends differently: tool turns (folded into
    /// text, the gateway has no tool role), tool schemas (flattened) and JSON schemas (refused, the gateway drops them).
    /// </summary>
    public static TheoryData<Client, string> Scenarios()
    {
        var data = new TheoryData<Client, string>();
        foreach (var scenario in new[] { "plain", "roles", "instructions", "images", "options", "json_schema", "tools", "tools_none", "tools_history", "parallel_tools_history", "streaming" })
        {
            data.Add(Client.Perceptron, scenario);
        }

        foreach (var scenario in new[] { "plain", "roles", "instructions", "images", "options", "streaming" })
        {
            data.Add(Client.JamAI, scenario);
        }

        return data;
    }

    private static (List<ChatMessage> Messages, ChatOptions Options, bool Streaming) Scenario(string name)
    {
        var weather = AIFunctionFactory.Create(([Description("City name")] string city) => $"Sunny in {city}", "get_weather", "Gets the weather");
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"count":{"type":"integer"}},"required":["count"],"additionalProperties":false}""").RootElement;
        return name switch
        {
            "plain" => ([new(ChatRole.User, "Hi")], new ChatOptions(), false),
            "roles" => ([new(ChatRole.System, "Be brief."), new(ChatRole.User, "Hi"), new(ChatRole.Assistant, "Hello."), new(ChatRole.User, "Bye")], new ChatOptions(), false),
            "instructions" => ([new(ChatRole.User, "Hi")], new ChatOptions { Instructions = "Answer in French." }, false),
            "images" => ([new(ChatRole.User, [new TextContent("What is this?"), new DataContent(new byte[] { 1, 2, 3, 4 }, "image/png"), new UriContent("https://example.com/cat.jpg", "image/jpeg")])], new ChatOptions(), false),
            "options" => ([new(ChatRole.User, "Hi")], new ChatOptions { Temperature = 0.5f, TopP = 0.75f, MaxOutputTokens = 64, FrequencyPenalty = 0.25f, PresencePenalty = 0.5f }, false),
            "json_schema" => ([new(ChatRole.User, "Count")], new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "counting") }, false),
            "tools" => ([new(ChatRole.User, "Weather in Paris?")], new ChatOptions { Tools = [weather], ToolMode = ChatToolMode.Auto }, false),
            "tools_none" => ([new(ChatRole.User, "Weather in Paris?")], new ChatOptions { Tools = [weather], ToolMode = ChatToolMode.None }, false),
            "tools_history" => (
                [
                    new(ChatRole.User, "Weather in Paris?"),
                    new(ChatRole.Assistant, [new FunctionCallContent("call_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" })]),
                    new(ChatRole.Tool, [new FunctionResultContent("call_1", "Sunny in Paris")]),
                ],
                new ChatOptions { Tools = [weather], ToolMode = ChatToolMode.Auto },
                false),
            "parallel_tools_history" => (
                [
                    new(ChatRole.User, "Weather in Paris and Oslo?"),
                    new(ChatRole.Assistant, [
                        new TextContent("Checking both."),
                        new FunctionCallContent("call_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" }),
                        new FunctionCallContent("call_2", "get_weather", new Dictionary<string, object?> { ["city"] = "Oslo" }),
                    ]),
                    new(ChatRole.Tool, [new FunctionResultContent("call_1", "Sunny in Paris"), new FunctionResultContent("call_2", "Rain in Oslo")]),
                ],
                new ChatOptions { Tools = [weather] },
                false),
            "streaming" => ([new(ChatRole.User, "Hi")], new ChatOptions { MaxOutputTokens = 10 }, true),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }

    private static async Task<string> CaptureAsync(Func<FakeHttpHandler, IChatClient> create, string scenario)
    {
        var (messages, options, streaming) = Scenario(scenario);
        var handler = new FakeHttpHandler();
        if (streaming)
        {
            handler.ReplySse("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
        }
        else
        {
            handler.ReplyJson("""{"id":"c","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}""");
        }

        using var client = create(handler);
        if (streaming)
        {
            await foreach (var _ in client.GetStreamingResponseAsync(messages, options))
            {
            }
        }
        else
        {
            await client.GetResponseAsync(messages, options);
        }

        return handler.LastRequest.Body!;
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Same_inputs_send_the_same_request(Client client, string scenario)
    {
        var ours = await CaptureAsync(h => Ours(client, h), scenario);
        var theirs = await CaptureAsync(Theirs, scenario);

        await OpenApiRequestValidator.AssertValidAsync(ours);
        JsonAssert.Equal(Normalize(theirs, client), Normalize(ours, client));
    }

    /// <summary>
    /// Makes equivalent spellings equal: text-only content as a string, no nulls, tool arguments compared as JSON
    /// (OpenAIChatClient indents them). OpenAIChatClient also closes tool schemas with
    /// <c>additionalProperties: false</c> for OpenAI's strict mode, which these services do not have.
    /// JamAI sends the output cap as <c>max_tokens</c>, which every gateway version reads, where OpenAI now writes
    /// <c>max_completion_tokens</c>; the two mean the same for a model without hidden reasoning. JamAI drops
    /// <c>stream_options</c> (it always streams usage), so the client does not send it. A missing <c>tool_choice</c>
    /// with tools is <c>auto</c> by OpenAI's own definition, which OpenAIChatClient writes out.
    /// </summary>
    private static string Normalize(string body, Client client)
    {
        var json = JsonNode.Parse(body)!.AsObject();
        foreach (var tool in json["tools"]?.AsArray() ?? [])
        {
            tool!["function"]!["parameters"]!.AsObject().Remove("additionalProperties");
        }

        if (client == Client.JamAI)
        {
            json.Remove("stream_options");
        }

        if (json["tools"] is not null && json["tool_choice"] is null)
        {
            json["tool_choice"] = "auto";
        }

        if (json["max_tokens"] is { } maxTokens)
        {
            Assert.Equal(Client.JamAI, client);
            json.Remove("max_tokens");
            json["max_completion_tokens"] = maxTokens;
        }

        foreach (var message in json["messages"]!.AsArray())
        {
            foreach (var call in message!["tool_calls"]?.AsArray() ?? [])
            {
                var function = call!["function"]!;
                function["arguments"] = JsonNode.Parse(function["arguments"]!.GetValue<string>())!.ToJsonString();
            }

            var content = message!["content"];
            if (content is JsonArray parts && parts.All(p => p!["type"]!.GetValue<string>() == "text"))
            {
                message["content"] = string.Concat(parts.Select(p => p!["text"]!.GetValue<string>()));
            }
        }

        return RemoveNulls(json)!.ToJsonString();

        static JsonNode? RemoveNulls(JsonNode? node)
        {
            if (node is JsonObject obj)
            {
                foreach (var key in obj.Where(p => p.Value is null).Select(p => p.Key).ToList())
                {
                    obj.Remove(key);
                }

                foreach (var (_, value) in obj)
                {
                    RemoveNulls(value);
                }
            }
            else if (node is JsonArray array)
            {
                foreach (var item in array)
                {
                    RemoveNulls(item);
                }
            }

            return node;
        }
    }

    public static TheoryData<Client, string> Replies()
    {
        var data = new TheoryData<Client, string>();
        foreach (var client in new[] { Client.Perceptron, Client.JamAI })
        {
            foreach (var reply in new[] { "text", "reasoning_usage", "tool_calls", "parallel_tool_calls", "stream_text", "stream_tool_calls" })
            {
                data.Add(client, reply);
            }
        }

        return data;
    }

    private static string Reply(string name) => name switch
    {
        "text" => """{"id":"chatcmpl-1","object":"chat.completion","created":1790000000,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Hello there."},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}""",
        "reasoning_usage" => """{"id":"chatcmpl-2","object":"chat.completion","created":1790000000,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Long"},"finish_reason":"length"}],"usage":{"prompt_tokens":30,"completion_tokens":20,"total_tokens":50,"prompt_tokens_details":{"cached_tokens":8},"completion_tokens_details":{"reasoning_tokens":12}}}""",
        "tool_calls" => """{"id":"chatcmpl-3","object":"chat.completion","created":1790000000,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_a","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":9,"completion_tokens":4,"total_tokens":13}}""",
        "parallel_tool_calls" => """{"id":"chatcmpl-4","object":"chat.completion","created":1790000000,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Checking.","tool_calls":[{"id":"call_a","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},{"id":"call_b","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\",\"days\":2}"}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":9,"completion_tokens":14,"total_tokens":23}}""",
        "stream_text" => Sse(
            """{"id":"chatcmpl-5","object":"chat.completion.chunk","created":1790000000,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""",
            """{"id":"chatcmpl-5","object":"chat.completion.chunk","created":1790000000,"model":"m","choices":[{"index":0,"delta":{"content":"Hello "},"finish_reason":null}]}""",
            """{"id":"chatcmpl-5","object":"chat.completion.chunk","created":1790000000,"model":"m","choices":[{"index":0,"delta":{"content":"there."},"finish_reason":"stop"}]}""",
            """{"id":"chatcmpl-5","object":"chat.completion.chunk","created":1790000000,"model":"m","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}"""),
        "stream_tool_calls" => Sse(
            """{"id":"chatcmpl-6","object":"chat.completion.chunk","created":1790000000,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}]}""",
            """{"id":"chatcmpl-6","object":"chat.completion.chunk","created":1790000000,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]},"finish_reason":null}]}""",
            """{"id":"chatcmpl-6","object":"chat.completion.chunk","created":1790000000,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}}]},"finish_reason":null}]}""",
            """{"id":"chatcmpl-6","object":"chat.completion.chunk","created":1790000000,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"Paris\"}"}}]},"finish_reason":"tool_calls"}]}""",
            """{"id":"chatcmpl-6","object":"chat.completion.chunk","created":1790000000,"model":"m","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":8,"total_tokens":17}}"""),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static string Sse(params string[] chunks) => string.Concat(chunks.Select(c => $"data: {c}\n\n")) + "data: [DONE]\n\n";

    [Theory]
    [MemberData(nameof(Replies))]
    public async Task Same_reply_bytes_give_the_same_response(Client client, string reply)
    {
        var streaming = reply.StartsWith("stream_", StringComparison.Ordinal);
        FakeHttpHandler Handler() => streaming ? new FakeHttpHandler().ReplySse(Reply(reply)) : new FakeHttpHandler().ReplyJson(Reply(reply));
        using var ours = Ours(client, Handler());
        using var theirs = Theirs(Handler());

        var a = streaming ? await ours.GetStreamingResponseAsync("Hi").ToChatResponseAsync() : await ours.GetResponseAsync("Hi");
        var b = streaming ? await theirs.GetStreamingResponseAsync("Hi").ToChatResponseAsync() : await theirs.GetResponseAsync("Hi");

        Assert.Equal(b.Text, a.Text);
        Assert.Equal(b.FinishReason, a.FinishReason);
        Assert.Equal(b.CreatedAt, a.CreatedAt);
        Assert.Equal(b.ModelId, a.ModelId);
        if (client == Client.Perceptron)
        {
            // JamAI's response id is the gateway's request id (X-REQUEST-ID), which a reply body cannot give.
            Assert.Equal(b.ResponseId, a.ResponseId);
        }

        Assert.Equal(b.Usage?.InputTokenCount, a.Usage?.InputTokenCount);
        Assert.Equal(b.Usage?.OutputTokenCount, a.Usage?.OutputTokenCount);
        Assert.Equal(b.Usage?.TotalTokenCount, a.Usage?.TotalTokenCount);
        Assert.Equal(b.Usage?.CachedInputTokenCount ?? 0, a.Usage?.CachedInputTokenCount ?? 0);
        Assert.Equal(b.Usage?.ReasoningTokenCount ?? 0, a.Usage?.ReasoningTokenCount ?? 0);
        Assert.Equal(b.Messages.Select(m => m.Role), a.Messages.Select(m => m.Role));
        Assert.Equal(Calls(b), Calls(a));

        static List<string> Calls(ChatResponse response) =>
            [.. response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Select(c => $"{c.CallId}:{c.Name}:{JsonSerializer.Serialize(c.Arguments)}")];
    }
}
