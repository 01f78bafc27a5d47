using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Connectors.JamAI.Tests;

public class RequestBodyTests
{
    private static async Task<RecordedRequest> SendAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, Action<JamAIClientOptions>? configure = null)
    {
        var handler = new ScriptedHandler().Json(TestData.Read("plain.json"));
        using var client = Clients.Create(handler, configure);
        await client.GetResponseAsync(messages, options, TestContext.Current.CancellationToken);
        var request = Assert.Single(handler.Requests);
        JsonAssert.NoNullOrEmptyArray(request.Json);
        return request;
    }

    [Fact]
    public async Task PlainChat()
    {
        var request = await SendAsync([new(ChatRole.System, "Be brief."), new(ChatRole.User, "Hi")]);

        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("http://127.0.0.1:6969/api/v1/chat/completions", request.Uri.ToString());
        JsonAssert.Equal("""
            {"model":"openai/gpt-4o-mini","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}]}
            """, request.Json);
    }

    [Fact]
    public async Task EmptyDefaultModelLetsTheGatewayPick()
    {
        var request = await SendAsync([new(ChatRole.User, "Hi")], configure: o => o.DefaultModelId = "");

        JsonAssert.Equal("""{"messages":[{"role":"user","content":"Hi"}]}""", request.Json);
    }

    [Fact]
    public async Task ImagesAsDataUrlAndHttpsUrl()
    {
        var message = new ChatMessage(ChatRole.User,
        [
            new TextContent("What is in these?"),
            new DataContent(new byte[] { 1, 2, 3 }, "image/png"),
            new UriContent(new Uri("https://example.com/cat.jpg"), "image/jpeg"),
        ]);

        var request = await SendAsync([message]);

        JsonAssert.Equal("""
            {"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":[
              {"type":"text","text":"What is in these?"},
              {"type":"image_url","image_url":{"url":"data:image/png;base64,AQID"}},
              {"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}}]}]}
            """, request.Json);
    }

    [Fact]
    public async Task AudioOtherThanMp3OrWavIsRefused()
    {
        var message = new ChatMessage(ChatRole.User, [new DataContent(new byte[] { 1 }, "audio/flac")]);
        using var client = Clients.Create(new ScriptedHandler());

        await Assert.ThrowsAsync<NotSupportedException>(() => client.GetResponseAsync([message], cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RagParamsTyped()
    {
        var options = new ChatOptions().WithRag(new RagParams("kb_policies")
        {
            RerankingModel = "cohere/rerank-v3.5",
            SearchQuery = "warranty",
            K = 5,
            Rerank = true,
            ConcatRerankerInput = true,
            InlineCitations = true,
        });

        var request = await SendAsync([new(ChatRole.User, "How long is the warranty?")], options);

        JsonAssert.Equal("""
            {"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"How long is the warranty?"}],
             "rag_params":{"table_id":"kb_policies","reranking_model":"cohere/rerank-v3.5","search_query":"warranty","k":5,"rerank":true,"concat_reranker_input":true,"inline_citations":true}}
            """, request.Json);
    }

    [Fact]
    public async Task RagParamsMinimalOmitsUnsetFields()
    {
        var request = await SendAsync([new(ChatRole.User, "Q")], new ChatOptions().WithRag(new RagParams("kb")));

        JsonAssert.Equal("""{"table_id":"kb"}""", request.Json["rag_params"]!);
    }

    [Fact]
    public async Task RagParamsAsJsonElementOrDictionaryDropsNulls()
    {
        var element = JsonDocument.Parse("""{"table_id":"kb","reranking_model":null,"k":2}""").RootElement;
        var fromElement = await SendAsync([new(ChatRole.User, "Q")], new ChatOptions { AdditionalProperties = new() { ["rag_params"] = element } });
        var fromDictionary = await SendAsync([new(ChatRole.User, "Q")], new ChatOptions
        {
            AdditionalProperties = new() { ["rag_params"] = new Dictionary<string, object?> { ["table_id"] = "kb", ["reranking_model"] = null, ["k"] = 2 } },
        });

        JsonAssert.Equal("""{"table_id":"kb","k":2}""", fromElement.Json["rag_params"]!);
        JsonAssert.Equal("""{"table_id":"kb","k":2}""", fromDictionary.Json["rag_params"]!);
    }

    [Fact]
    public async Task A_chat_id_is_not_sent_because_the_server_replaces_it()
    {
        var options = new ChatOptions { AdditionalProperties = new() { ["id"] = "chat-7" } };

        var request = await SendAsync([new(ChatRole.User, "Hi")], options);

        Assert.False(request.Json.AsObject().ContainsKey("id"));
    }

    [Theory]
    [InlineData("""{"k":2}""")]
    [InlineData("""{"table_id":""}""")]
    [InlineData("""["kb"]""")]
    public async Task RagParamsWithoutTableIdAreRefused(string json)
    {
        var options = new ChatOptions { AdditionalProperties = new() { ["rag_params"] = JsonDocument.Parse(json).RootElement } };
        using var client = Clients.Create(new ScriptedHandler());

        await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync([new(ChatRole.User, "Q")], options, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void RagParamsValidateTheirRanges()
    {
        Assert.Throws<ArgumentException>(() => new RagParams(" "));
        Assert.Throws<ArgumentException>(() => new ChatOptions().WithRag(new RagParams("kb") { K = 0 }));
        Assert.Throws<ArgumentException>(() => new ChatOptions().WithRag(new RagParams("kb") { K = 1025 }));
    }

    [Fact]
    public async Task EveryOption()
    {
        var options = new ChatOptions
        {
            ModelId = "anthropic/claude-haiku-4-5",
            Instructions = "Answer in French.",
            Temperature = 0.7f,
            TopP = 0.9f,
            TopK = 40,
            Seed = 7,
            MaxOutputTokens = 300,
            FrequencyPenalty = 0.5f,
            PresencePenalty = -0.5f,
            StopSequences = ["END", ""],
            Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Low, Output = ReasoningOutput.Full },
            AllowMultipleToolCalls = true,
            Tools = [AIFunctionFactory.Create((string city) => city, "lookup", "Looks a city up.")],
            ToolMode = ChatToolMode.RequireSpecific("lookup"),
        }
        .WithLogitBias(new Dictionary<int, double> { [50256] = -100, [11] = 2.5 })
        .WithUser("user-42")
        .WithChoiceCount(2)
        .WithThinkingBudget(1024);
        options.AdditionalProperties!["custom_field"] = "passes through";

        var request = await SendAsync([new(ChatRole.User, "Hi")], options);

        JsonAssert.Equal("""
            {"model":"anthropic/claude-haiku-4-5",
             "messages":[{"role":"system","content":"Answer in French."},{"role":"user","content":"Hi"}],
             "max_tokens":300,"temperature":0.7,"top_p":0.9,"frequency_penalty":0.5,"presence_penalty":-0.5,
             "stop":["END"],"n":2,
             "tools":[{"type":"function","function":{"name":"lookup","description":"Looks a city up.",
               "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false}}}],
             "tool_choice":{"type":"function","function":{"name":"lookup"}},
             "reasoning_effort":"low","reasoning_summary":"detailed",
             "logit_bias":{"50256":-100,"11":2.5},"user":"user-42","thinking_budget":1024,
             "custom_field":"passes through"}
            """, request.Json);
    }

    [Theory]
    [InlineData(0f, 0.001f)]
    [InlineData(-1f, 0.001f)]
    [InlineData(3.5f, 2f)]
    [InlineData(1.2f, 1.2f)]
    public async Task TemperatureIsClampedIntoTheDocumentedRange(float given, float sent)
    {
        var request = await SendAsync([new(ChatRole.User, "Hi")], new ChatOptions { Temperature = given, TopP = 0 });

        Assert.Equal(sent, request.Json["temperature"]!.GetValue<float>());
        Assert.Equal(0.001f, request.Json["top_p"]!.GetValue<float>());
    }

    [Theory]
    [InlineData(ReasoningEffort.None, "disable")]
    [InlineData(ReasoningEffort.Medium, "medium")]
    [InlineData(ReasoningEffort.High, "high")]
    [InlineData(ReasoningEffort.ExtraHigh, "high")]
    public async Task ReasoningEffortUsesTheGatewayValues(ReasoningEffort effort, string wire)
    {
        var request = await SendAsync([new(ChatRole.User, "Hi")], new ChatOptions { Reasoning = new ReasoningOptions { Effort = effort } });

        Assert.Equal(wire, request.Json["reasoning_effort"]!.GetValue<string>());
        Assert.Null(request.Json["reasoning_summary"]);
    }

    [Fact]
    public async Task EmptyStopAndEmptyLogitBiasAreOmitted()
    {
        var options = new ChatOptions { StopSequences = [] }.WithLogitBias(new Dictionary<int, double>());

        var request = await SendAsync([new(ChatRole.User, "Hi")], options);

        JsonAssert.Equal("""{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"Hi"}]}""", request.Json);
    }

    [Fact]
    public async Task JsonResponseFormatIsRefused()
    {
        using var client = Clients.Create(new ScriptedHandler());

        await Assert.ThrowsAsync<NotSupportedException>(() => client.GetResponseAsync([new(ChatRole.User, "Hi")], new ChatOptions { ResponseFormat = ChatResponseFormat.Json }, TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<NotSupportedException>(() => client.GetResponseAsync([new(ChatRole.User, "Hi")], new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse("""{"type":"object"}""").RootElement, "x") }, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task TextResponseFormatIsTheDefaultAndNotSent()
    {
        var request = await SendAsync([new(ChatRole.User, "Hi")], new ChatOptions { ResponseFormat = ChatResponseFormat.Text });

        Assert.Null(request.Json["response_format"]);
    }

    [Theory]
    [InlineData("n", 0)]
    [InlineData("thinking_budget", -1)]
    [InlineData("user", "")]
    public async Task BadVendorValuesAreRefused(string key, object value)
    {
        using var client = Clients.Create(new ScriptedHandler());
        var options = new ChatOptions { AdditionalProperties = new() { [key] = value } };

        await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync([new(ChatRole.User, "Hi")], options, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task VendorValuesFromSemanticKernelExtensionData()
    {
        var options = new ChatOptions
        {
            AdditionalProperties = new()
            {
                ["n"] = JsonDocument.Parse("3").RootElement,
                ["user"] = JsonDocument.Parse("\"u\"").RootElement,
                ["logit_bias"] = JsonDocument.Parse("""{"7":1}""").RootElement,
                ["thinking_budget"] = 0L,
            },
        };

        var request = await SendAsync([new(ChatRole.User, "Hi")], options);

        Assert.Equal(3, request.Json["n"]!.GetValue<int>());
        Assert.Equal("u", request.Json["user"]!.GetValue<string>());
        JsonAssert.Equal("""{"7":1}""", request.Json["logit_bias"]!);
        Assert.Equal(0, request.Json["thinking_budget"]!.GetValue<int>());
    }

    [Fact]
    public async Task AuthorNamesAreSanitized()
    {
        var request = await SendAsync([new(ChatRole.User, "Hi") { AuthorName = "Zoë Smith" }]);

        Assert.Equal("Zo__Smith", request.Json["messages"]![0]!["name"]!.GetValue<string>());
    }

    [Description("Searches the catalog.")]
    private static string Search(
        [Description("What to look for.")] string query,
        [Description("Maximum results.")] int? limit,
        Filter filter,
        Priority priority,
        string[] tags,
        DateTimeOffset since) => query;

    /// <summary>A nested object parameter.</summary>
    public sealed class Filter
    {
        /// <summary>Minimum price.</summary>
        public decimal MinPrice { get; set; }

        /// <summary>Brands.</summary>
        public List<string> Brands { get; set; } = [];
    }

    /// <summary>A numeric enum when serialized without a string converter.</summary>
    public enum Priority
    {
        /// <summary>Low.</summary>
        Low = 1,

        /// <summary>High.</summary>
        High = 5,
    }

    [Fact]
    public async Task ToolWithNestedSchemaIsFlattened()
    {
        var function = AIFunctionFactory.Create(Search, "search");
        var options = new ChatOptions { Tools = [function], ToolMode = ChatToolMode.Auto };

        var request = await SendAsync([new(ChatRole.User, "Find shoes")], options);

        var parameters = request.Json["tools"]![0]!["function"]!["parameters"]!;
        Assert.Equal("auto", request.Json["tool_choice"]!.GetValue<string>());
        Assert.Equal("object", parameters["type"]!.GetValue<string>());
        Assert.False(parameters["additionalProperties"]!.GetValue<bool>());
        foreach (var (name, property) in parameters["properties"]!.AsObject())
        {
            // Every property is flat: a single type string, a description and maybe string enum values, nothing else.
            Assert.All(property!.AsObject(), p => Assert.Contains(p.Key, new[] { "type", "description", "enum" }));
            Assert.Equal(JsonValueKind.String, property["type"]!.GetValueKind());
            if (property["enum"] is JsonArray values)
            {
                Assert.All(values, v => Assert.Equal(JsonValueKind.String, v!.GetValueKind()));
            }
        }

        JsonAssert.Equal("""
            {"type":"object","properties":{
              "query":{"type":"string","description":"What to look for."},
              "limit":{"type":"integer","description":"Maximum results."},
              "filter":{"type":"object","description":"Fields: minPrice (number); brands (array of string)."},
              "priority":{"type":"string","enum":["Low","High"]},
              "tags":{"type":"array","description":"Items: string."},
              "since":{"type":"string","description":"Format: date-time."}},
             "required":["query","limit","filter","priority","tags","since"],"additionalProperties":false}
            """, parameters);
        Assert.Equal("Searches the catalog.", request.Json["tools"]![0]!["function"]!["description"]!.GetValue<string>());
    }

    [Fact]
    public void SchemaFlatteningPinned()
    {
        var schema = JsonDocument.Parse("""
            {"type":"object","properties":{
              "query":{"type":"string","description":"What to look for","minLength":1},
              "limit":{"type":["integer","null"],"minimum":1,"maximum":50,"default":10},
              "priority":{"type":"integer","enum":[1,5],"description":"How urgent."},
              "mode":{"enum":["fast","exact",null]},
              "tags":{"type":"array","items":{"type":"string","enum":["a","b"]},"maxItems":3},
              "filter":{"type":"object","properties":{"min":{"type":"number","description":"Lowest price"},"brands":{"type":"array","items":{"type":"string"}}},"required":["min"]},
              "since":{"anyOf":[{"type":"string","format":"date-time"},{"type":"null"}],"description":"Start"},
              "id":{"oneOf":[{"type":"string"},{"type":"integer"}]}
            },"required":["query","ghost"],"additionalProperties":false}
            """).RootElement;

        var flat = ToolSchemaFlattener.Flatten(schema);

        JsonAssert.Equal("""
            {"type":"object","properties":{
              "query":{"type":"string","description":"What to look for. Minimum length: 1."},
              "limit":{"type":"integer","description":"Minimum: 1. Maximum: 50. Default: 10."},
              "priority":{"type":"integer","description":"How urgent. Allowed values: 1, 5."},
              "mode":{"type":"string","enum":["fast","exact"]},
              "tags":{"type":"array","description":"Maximum items: 3. Items: string (one of a, b)."},
              "filter":{"type":"object","description":"Fields: min (required number - Lowest price); brands (array of string)."},
              "since":{"type":"string","description":"Start. Format: date-time."},
              "id":{"type":"string","description":"Also accepts: integer."}
            },"required":["query"],"additionalProperties":false}
            """, JsonNode.Parse(flat.GetRawText())!);
    }

    [Fact]
    public void SchemaWithoutPropertiesOrRequiredGetsThem()
    {
        var flat = ToolSchemaFlattener.Flatten(JsonDocument.Parse("""{"type":"object"}""").RootElement);

        JsonAssert.Equal("""{"type":"object","properties":{},"required":[],"additionalProperties":false}""", JsonNode.Parse(flat.GetRawText())!);
    }

    [Fact]
    public async Task HostedTools()
    {
        var options = new ChatOptions { Tools = [new HostedWebSearchTool(), new HostedCodeInterpreterTool()] };

        var request = await SendAsync([new(ChatRole.User, "Hi")], options);

        JsonAssert.Equal("""[{"type":"web_search"},{"type":"code_interpreter","container":{"type":"auto"}}]""", request.Json["tools"]!);
    }

    [Fact]
    public async Task TwoToolRoundsAreFoldedIntoText()
    {
        List<ChatMessage> history =
        [
            new(ChatRole.User, "Weather and time in Paris?"),
            new(ChatRole.Assistant, [new TextContent("Checking."), new FunctionCallContent("call_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" })]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", JsonDocument.Parse("""{"temp":21,"sky":"clear"}""").RootElement)]),
            new(ChatRole.Assistant,
            [
                new FunctionCallContent("call_2", "get_time", new Dictionary<string, object?> { ["zone"] = "CET" }),
                new FunctionCallContent("call_3", "get_date", null),
            ]),
            new(ChatRole.Tool, [new FunctionResultContent("call_2", "14:05")]),
            new(ChatRole.Tool, [new FunctionResultContent("call_3", null) { Exception = new InvalidOperationException("calendar \"down\"") }]),
        ];

        var request = await SendAsync(history);

        JsonAssert.Equal("""
            {"model":"openai/gpt-4o-mini","messages":[
              {"role":"user","content":"Weather and time in Paris?"},
              {"role":"assistant","content":"Checking.\n<tool_call id=\"call_1\" name=\"get_weather\">{\"city\":\"Paris\"}</tool_call>"},
              {"role":"user","content":"<tool_result id=\"call_1\" name=\"get_weather\">{\"temp\":21,\"sky\":\"clear\"}</tool_result>"},
              {"role":"assistant","content":"<tool_call id=\"call_2\" name=\"get_time\">{\"zone\":\"CET\"}</tool_call>\n<tool_call id=\"call_3\" name=\"get_date\">{}</tool_call>"},
              {"role":"user","content":"<tool_result id=\"call_2\" name=\"get_time\">14:05</tool_result>\n<tool_result id=\"call_3\" name=\"get_date\" error=\"true\">calendar \"down\"</tool_result>"}
            ]}
            """, request.Json);
        Assert.DoesNotContain("\"tool\"", request.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("tool_calls", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HeadersCarryTokenProjectAndRequestId()
    {
        var request = await SendAsync([new(ChatRole.User, "Hi")]);

        Assert.Equal($"Bearer {Clients.Token}", request.Header("Authorization"));
        Assert.Equal("proj_test", request.Header("X-PROJECT-ID"));
        Assert.Null(request.Header("X-USER-ID"));
        Assert.StartsWith("req_", request.Header("X-REQUEST-ID"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserIdHeaderOnlyWhenSetAndNoTokenWithoutOne()
    {
        var request = await SendAsync([new(ChatRole.User, "Hi")], configure: o =>
        {
            o.UserId = "user_9";
            o.Token = null;
            o.ProjectId = null;
        });

        Assert.Equal("user_9", request.Header("X-USER-ID"));
        Assert.Null(request.Header("Authorization"));
        Assert.Null(request.Header("X-PROJECT-ID"));
    }

    [Fact]
    public async Task EachCallHasItsOwnRequestId()
    {
        var handler = new ScriptedHandler().Json(TestData.Read("plain.json")).Json(TestData.Read("plain.json"));
        using var client = Clients.Create(handler);

        var first = await client.GetResponseAsync([new(ChatRole.User, "Hi")], cancellationToken: TestContext.Current.CancellationToken);
        var second = await client.GetResponseAsync([new(ChatRole.User, "Hi")], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(handler.Requests[0].Header("X-REQUEST-ID"), first.GetRequestId());
        Assert.Equal(handler.Requests[1].Header("X-REQUEST-ID"), second.GetRequestId());
        Assert.NotEqual(first.GetRequestId(), second.GetRequestId());
    }

    [Fact]
    public async Task StreamingRequestAsksForStreamWithoutStreamOptions()
    {
        var handler = new ScriptedHandler().Sse(TestData.Read("choices.sse"));
        using var client = Clients.Create(handler);

        await client.GetStreamingResponseAsync([new(ChatRole.User, "Hi")], cancellationToken: TestContext.Current.CancellationToken).ToChatResponseAsync(TestContext.Current.CancellationToken);

        var request = Assert.Single(handler.Requests);
        JsonAssert.NoNullOrEmptyArray(request.Json);
        JsonAssert.Equal("""{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"Hi"}],"stream":true}""", request.Json);
        Assert.Equal("text/event-stream", request.Header("Accept"));
    }
}
