using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Tests;
using Microsoft.Extensions.AI;

namespace Connectors.Perceptron.Tests;

public class RequestMappingTests
{
    private static async Task<RecordedRequest> SendAsync(IList<ChatMessage> messages, ChatOptions? options = null, bool streaming = false)
    {
        var handler = new FakeHttpHandler();
        if (streaming)
        {
            handler.ReplySse("data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
        }
        else
        {
            handler.ReplyJson(TestClients.SimpleReply);
        }

        using var client = TestClients.Create(handler);
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

        var request = Assert.Single(handler.Requests);
        JsonAssert.NoNullsOrEmptyArrays(request.Body!);
        return request;
    }

    [Fact]
    public async Task Plain_text_sends_model_and_string_content_only()
    {
        var request = await SendAsync(TestClients.Ask("Hi"));
        JsonAssert.Equal("""{"model":"perceptron-mk1.5","messages":[{"role":"user","content":"Hi"}]}""", request.Body);
        Assert.Equal("https://api.perceptron.test/v1/chat/completions", request.Uri.ToString());
        Assert.Equal($"Bearer {TestClients.ApiKey}", request.Headers["Authorization"]);
    }

    [Fact]
    public async Task Instructions_images_and_roles_map_to_parts()
    {
        List<ChatMessage> messages =
        [
            new(ChatRole.System, "Be brief."),
            new(ChatRole.User, [new DataContent(new byte[] { 1, 2, 3 }, "image/png"), new UriContent("https://example.com/a.jpg", "image/jpeg"), new TextContent("What is this?")]),
            new(ChatRole.Assistant, "A cat."),
        ];
        var request = await SendAsync(messages, new ChatOptions { Instructions = "You see images." });
        JsonAssert.Equal("""
            {"model":"perceptron-mk1.5","messages":[
              {"role":"system","content":"You see images."},
              {"role":"system","content":"Be brief."},
              {"role":"user","content":[
                {"type":"image_url","image_url":{"url":"data:image/png;base64,AQID"}},
                {"type":"image_url","image_url":{"url":"https://example.com/a.jpg"}},
                {"type":"text","text":"What is this?"}]},
              {"role":"assistant","content":"A cat."}]}
            """, request.Body);
    }

    [Fact]
    public async Task Large_image_is_written_as_exact_base64()
    {
        var bytes = new byte[300_001];
        new Random(7).NextBytes(bytes);
        var request = await SendAsync([new(ChatRole.User, [new DataContent(bytes, "image/jpeg")])]);
        var url = request.Json["messages"]![0]!["content"]![0]!["image_url"]!["url"]!.GetValue<string>();
        Assert.Equal("data:image/jpeg;base64," + Convert.ToBase64String(bytes), url);
    }

    [Fact]
    public async Task Typed_options_map_to_their_fields()
    {
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"count":{"type":"integer"}},"required":["count"]}""").RootElement;
        var options = new ChatOptions
        {
            ModelId = "perceptron-mk1.5",
            Temperature = 0.5f,
            TopP = 0.75f,
            TopK = 40,
            MaxOutputTokens = 100,
            FrequencyPenalty = 0.25f,
            PresencePenalty = -0.5f,
            ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "counting", "A count."),
            Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Low },
        };
        var request = await SendAsync(TestClients.Ask("Count"), options);
        JsonAssert.Equal("""
            {"model":"perceptron-mk1.5","messages":[{"role":"user","content":"Count"}],
             "temperature":0.5,"top_p":0.75,"top_k":40,"max_completion_tokens":100,
             "frequency_penalty":0.25,"presence_penalty":-0.5,
             "response_format":{"type":"json_schema","json_schema":{"name":"counting","description":"A count.","schema":{"type":"object","properties":{"count":{"type":"integer"}},"required":["count"]}}},
             "reasoning_effort":"low"}
            """, request.Body);
    }

    [Fact]
    public async Task Text_response_format_is_sent_as_text()
    {
        var request = await SendAsync(TestClients.Ask("Hi"), new ChatOptions { ResponseFormat = ChatResponseFormat.Text });
        JsonAssert.Equal("""{"type":"text"}""", request.Json["response_format"]!.ToJsonString());
    }

    [Fact]
    public async Task Hints_merge_into_an_opening_system_instruction_as_the_sdk_lowers_them()
    {
        var options = new ChatOptions { Instructions = "Detect." }.WithHints(PerceptronHints.Think).WithHints(PerceptronHints.Box);
        var request = await SendAsync([new(ChatRole.User, "Find cars"), new(ChatRole.System, "late system")], options);
        JsonAssert.Equal("""
            [{"role":"system","content":"<hint>BOX THINK</hint>Detect."},
             {"role":"user","content":"Find cars"},{"role":"system","content":"late system"}]
            """, request.Json["messages"]!.ToJsonString());
    }

    [Fact]
    public async Task Hints_lead_as_their_own_system_message_when_the_conversation_opens_otherwise()
    {
        var request = await SendAsync([new(ChatRole.User, "Find cars"), new(ChatRole.System, "late system")], new ChatOptions().WithHints(PerceptronHints.Box));
        JsonAssert.Equal("""
            [{"role":"system","content":"<hint>BOX</hint>"},
             {"role":"user","content":"Find cars"},{"role":"system","content":"late system"}]
            """, request.Json["messages"]!.ToJsonString());
    }

    [Theory]
    [InlineData("POINT think", "<hint>POINT THINK</hint>")]
    [InlineData("polygon,focus", "<hint>FOCUS POLYGON</hint>")]
    public async Task Hints_from_extension_data_words(string words, string tag)
    {
        var options = new ChatOptions { AdditionalProperties = new() { ["hints"] = words } };
        var request = await SendAsync(TestClients.Ask("x"), options);
        Assert.Equal(tag, request.Json["messages"]![0]!["content"]!.GetValue<string>());
        Assert.False(request.Json.ContainsKey("hints"));
    }

    [Fact]
    public async Task Regex_vision_config_and_minimal_effort_reach_the_wire()
    {
        var options = new ChatOptions()
            .WithRegex("^(yes|no)$")
            .WithVisionConfig(new Dictionary<string, object?> { ["annotation_format"] = "box", ["enable_audio_in_video"] = false, ["future_knob"] = 3 })
            .WithReasoningEffort("Minimal");
        var request = await SendAsync(TestClients.Ask("x"), options);
        JsonAssert.Equal("""
            {"model":"perceptron-mk1.5","messages":[{"role":"user","content":"x"}],"regex":"^(yes|no)$",
             "vision_config":{"annotation_format":"box","enable_audio_in_video":false,"future_knob":3},"reasoning_effort":"minimal"}
            """, request.Body);
    }

    [Fact]
    public async Task Additional_properties_of_every_shape_become_top_level_fields()
    {
        var options = new ChatOptions
        {
            TopK = 5,
            AdditionalProperties = new()
            {
                ["an_int"] = 1,
                ["a_long"] = 5_000_000_000L,
                ["a_double"] = 0.5,
                ["a_bool"] = true,
                ["a_string"] = "s",
                ["an_element"] = JsonDocument.Parse("""{"x":[1,2]}""").RootElement,
                ["a_node"] = new JsonObject { ["y"] = "z" },
                ["a_dictionary"] = new Dictionary<string, object?> { ["k"] = new List<object?> { 1, "two" } },
                ["a_list"] = new[] { "a", "b" },
                ["top_k"] = 99, // a typed option that is set wins over the same-named extra
            },
        };
        var request = await SendAsync(TestClients.Ask("x"), options);
        var json = request.Json;
        json.Remove("messages");
        json.Remove("model");
        Assert.Equal(
            JsonNode.Parse("""{"top_k":5,"an_int":1,"a_long":5000000000,"a_double":0.5,"a_bool":true,"a_string":"s","an_element":{"x":[1,2]},"a_node":{"y":"z"},"a_dictionary":{"k":[1,"two"]},"a_list":["a","b"]}""")!.ToJsonString(),
            JsonNode.Parse(json.ToJsonString())!.ToJsonString());
    }

    [Fact]
    public async Task Raw_representation_wins_and_typed_options_fill_the_rest()
    {
        var options = new ChatOptions
        {
            Temperature = 0.9f,
            TopK = 3,
            RawRepresentationFactory = _ => new JsonObject { ["temperature"] = 0.1, ["custom"] = true },
        };
        var request = await SendAsync(TestClients.Ask("x"), options);
        JsonAssert.Equal("""{"model":"perceptron-mk1.5","messages":[{"role":"user","content":"x"}],"temperature":0.1,"top_k":3,"custom":true}""", request.Body);
    }

    [Fact]
    public async Task Streaming_asks_for_usage()
    {
        var request = await SendAsync(TestClients.Ask("x"), new ChatOptions { MaxOutputTokens = 7 }, streaming: true);
        JsonAssert.Equal("""
            {"model":"perceptron-mk1.5","messages":[{"role":"user","content":"x"}],"max_completion_tokens":7,"stream":true,"stream_options":{"include_usage":true}}
            """, request.Body);
        Assert.Equal("text/event-stream", request.Headers["Accept"]);
    }

    [Fact]
    public async Task Tools_history_and_tool_mode_map_to_openai_shapes()
    {
        var weather = AIFunctionFactory.Create(([Description("City name")] string city) => $"Sunny in {city}", "get_weather", "Gets the weather");
        List<ChatMessage> messages =
        [
            new(ChatRole.User, "Weather in Paris?"),
            new(ChatRole.Assistant, [new TextReasoningContent("I should call the tool"), new FunctionCallContent("call_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" })]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", "Sunny in Paris")]),
        ];
        var options = new ChatOptions { Tools = [weather], ToolMode = ChatToolMode.Auto, AllowMultipleToolCalls = false };
        var request = await SendAsync(messages, options);
        JsonAssert.Equal("""
            {"model":"perceptron-mk1.5","messages":[
              {"role":"user","content":"Weather in Paris?"},
              {"role":"assistant","reasoning_content":"I should call the tool","tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},
              {"role":"tool","content":"Sunny in Paris","tool_call_id":"call_1"}],
             "tools":[{"type":"function","function":{"name":"get_weather","description":"Gets the weather",
               "parameters":{"type":"object","properties":{"city":{"description":"City name","type":"string"}},"required":["city"]}}}],
             "tool_choice":"auto","parallel_tool_calls":false}
            """, request.Body);
    }

    [Fact]
    public async Task The_focus_tool_is_sent_alone_and_refused_beside_others()
    {
        var request = await SendAsync(TestClients.Ask("Read the small sign."), new ChatOptions { Tools = [new PerceptronFocusTool()] });
        JsonAssert.Equal("""[{"type":"perceptron.FOCUS"}]""", request.Json["tools"]!.ToJsonString());

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => SendAsync(TestClients.Ask("x"), new ChatOptions { Tools = [new PerceptronFocusTool(), AIFunctionFactory.Create(() => 1, "one")] }));
        Assert.Contains("FOCUS tool only on its own", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reasoning_alone_on_an_assistant_turn_is_sent_back()
    {
        List<ChatMessage> messages = [new(ChatRole.User, "Count."), new(ChatRole.Assistant, [new TextReasoningContent("Three circles.")]), new(ChatRole.User, "And now?")];
        var request = await SendAsync(messages, null);
        JsonAssert.Equal("""{"role":"assistant","reasoning_content":"Three circles."}""", request.Json["messages"]![1]!.ToJsonString());
    }

    [Fact]
    public async Task A_tool_result_carries_its_images_as_parts_and_they_take_asset_indexes()
    {
        var crop = new DataContent(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, "image/png");
        List<ChatMessage> messages =
        [
            new(ChatRole.User, [new DataContent(new byte[] { 0xFF, 0xD8, 0xFF }, "image/jpeg"), new TextContent("Zoom in on the sign.")]),
            new(ChatRole.Assistant, [new FunctionCallContent("call_1", "crop")]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", new List<AIContent> { new TextContent("the crop"), crop })]),
            new(ChatRole.Tool, [new FunctionResultContent("call_2", new TextContent("only text"))]),
        ];
        var request = await SendAsync(messages, new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "crop")] });

        var tool = request.Json["messages"]![2]!;
        Assert.Equal("call_1", (string?)tool["tool_call_id"]);
        Assert.Equal("the crop", (string?)tool["content"]![0]!["text"]);
        Assert.Equal("data:image/png;base64,iVBORw==", (string?)tool["content"]![1]!["image_url"]!["url"]);
        Assert.Equal("only text", (string?)request.Json["messages"]![3]!["content"]);

        // Grounding counts the crop as the second image sent: a point without asset_idx is on it (the last image).
        var handler = new FakeHttpHandler().ReplyJson("""{"id":"c","choices":[{"index":0,"message":{"role":"assistant","content":"<point mention=\"sign\"> (10,10) </point>"},"finish_reason":"stop"}]}""");
        using var client = TestClients.Create(handler);
        var response = await client.GetResponseAsync(messages);
        Assert.Equal(1, Assert.Single(response.Messages[0].Contents.OfType<Connectors.Perceptron.Grounding.GroundingContent>()).ImageIndex);
    }

    [Theory]
    [InlineData("modalities")]
    [InlineData("audio")]
    [InlineData("prediction")]
    [InlineData("web_search_options")]
    [InlineData("verbosity")]
    [InlineData("prompt_cache_key")]
    [InlineData("safety_identifier")]
    [InlineData("cache_salt")]
    [InlineData("functions")]
    [InlineData("function_call")]
    [InlineData("logprobs")]
    [InlineData("service_tier")]
    public async Task Openai_parameters_the_api_drops_are_refused_by_name(string key)
    {
        var options = new ChatOptions { AdditionalProperties = new() { [key] = true } };
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => SendAsync(TestClients.Ask("x"), options));
        Assert.Contains($"'{key}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tools_with_a_json_schema_are_refused()
    {
        var options = new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "one")], ResponseFormat = ChatResponseFormat.ForJsonSchema(System.Text.Json.JsonDocument.Parse("""{"type":"object"}""").RootElement) };
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => SendAsync(TestClients.Ask("x"), options));
        Assert.Contains("tools with a JSON schema", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_renamed_model_is_sent_under_its_new_name_with_one_warning()
    {
        var handler = new FakeHttpHandler().ReplyJson(TestClients.SimpleReply).ReplyJson(TestClients.SimpleReply);
        var logger = new Moq.Mock<Microsoft.Extensions.Logging.ILogger>();
        logger.Setup(l => l.IsEnabled(Moq.It.IsAny<Microsoft.Extensions.Logging.LogLevel>())).Returns(true);
        using var client = new PerceptronChatClient(new PerceptronClientOptions { ApiKey = TestClients.ApiKey }, new HttpClient(handler), logger.Object);
        var options = new ChatOptions { ModelId = "perceptron-mk1.5-preview" };

        await client.GetResponseAsync("x", options);
        await client.GetResponseAsync("x", options);

        Assert.All(handler.Requests, r => Assert.Equal("perceptron-mk1.5", (string?)r.Json["model"]));
        logger.Verify(
            l => l.Log(Microsoft.Extensions.Logging.LogLevel.Warning, Moq.It.IsAny<Microsoft.Extensions.Logging.EventId>(), Moq.It.IsAny<Moq.It.IsAnyType>(), null, Moq.It.IsAny<Func<Moq.It.IsAnyType, Exception?, string>>()),
            Moq.Times.Once);
    }

    [Fact]
    public async Task Using_a_capability_a_listed_model_lacks_warns_once_and_still_sends()
    {
        const string models = """
            {"object":"list","data":[
              {"id":"isaac-0.1","object":"model","capabilities":[]},
              {"id":"perceptron-mk1.5","object":"model","capabilities":["response_format_json_schema","regex","tool_calling"]}]}
            """;
        var handler = new FakeHttpHandler().ReplyJson(models).ReplyJson(TestClients.SimpleReply).ReplyJson(TestClients.SimpleReply).ReplyJson(TestClients.SimpleReply);
        var logger = new Moq.Mock<Microsoft.Extensions.Logging.ILogger>();
        logger.Setup(l => l.IsEnabled(Moq.It.IsAny<Microsoft.Extensions.Logging.LogLevel>())).Returns(true);
        using var client = new PerceptronChatClient(new PerceptronClientOptions { ApiKey = TestClients.ApiKey }, new HttpClient(handler), logger.Object);
        await client.ListModelsAsync();
        var regex = new ChatOptions { ModelId = "isaac-0.1" }.WithRegex("[0-9]+");

        await client.GetResponseAsync("x", regex);
        await client.GetResponseAsync("x", regex);
        await client.GetResponseAsync("x", new ChatOptions { ModelId = "perceptron-mk1.5" }.WithRegex("[0-9]+")); // listed: no warning

        Assert.Equal(4, handler.Requests.Count); // a warning, never a refusal
        logger.Verify(
            l => l.Log(Microsoft.Extensions.Logging.LogLevel.Warning, Moq.It.IsAny<Microsoft.Extensions.Logging.EventId>(), Moq.It.Is<Moq.It.IsAnyType>((v, _) => $"{v}".Contains("'regex'") && $"{v}".Contains("isaac-0.1")), null, Moq.It.IsAny<Func<Moq.It.IsAnyType, Exception?, string>>()),
            Moq.Times.Once);
    }

    [Fact]
    public async Task Tool_mode_none_is_sent()
    {
        var tool = AIFunctionFactory.Create(() => 1, "one");
        var request = await SendAsync(TestClients.Ask("x"), new ChatOptions { Tools = [tool], ToolMode = ChatToolMode.None });
        Assert.Equal("none", request.Json["tool_choice"]!.GetValue<string>());
    }
}
