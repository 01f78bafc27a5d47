using System.Net;
using System.Text.Json.Nodes;

namespace Connectors.Emulator.Tests;

public sealed class JamAIValidationTests : EmulatorTestBase
{
    private const string Msg = """[{"role":"user","content":"hi"}]""";

    public static TheoryData<string, string, string[]> BadBodies => new()
    {
        { "null temperature", """{"model":"openai/gpt-4o-mini","temperature":null,"messages":""" + Msg + "}", ["body.temperature"] },
        { "null top_p", """{"top_p":null,"messages":""" + Msg + "}", ["body.top_p"] },
        { "null max_tokens", """{"max_tokens":null,"messages":""" + Msg + "}", ["body.max_tokens"] },
        { "null penalties", """{"presence_penalty":null,"frequency_penalty":null,"messages":""" + Msg + "}", ["body.presence_penalty", "body.frequency_penalty"] },
        { "null logit_bias, n, user, model", """{"logit_bias":null,"n":null,"user":null,"model":null,"messages":""" + Msg + "}", ["body.model", "body.logit_bias", "body.n", "body.user"] },
        { "tool role", """{"messages":[{"role":"user","content":"hi"},{"role":"tool","tool_call_id":"c","content":"42"}]}""", ["body.messages.1.role"] },
        { "empty tools", """{"tools":[],"messages":""" + Msg + "}", ["body.tools"] },
        { "string stop", """{"stop":"END","messages":""" + Msg + "}", ["body.stop"] },
        { "empty stop", """{"stop":[],"messages":""" + Msg + "}", ["body.stop"] },
        { "union type", """{"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"a":{"type":["string","null"]}},"required":[]}}}],"messages":""" + Msg + "}", ["body.tools.0.function.parameters.properties.a.type"] },
        { "numeric enum", """{"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"a":{"type":"integer","enum":[1,2]}},"required":["a"]}}}],"messages":""" + Msg + "}", ["body.tools.0.function.parameters.properties.a.enum"] },
        { "missing properties and required", """{"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}],"messages":""" + Msg + "}", ["body.tools.0.function.parameters.required", "body.tools.0.function.parameters.properties"] },
        { "empty table id", """{"rag_params":{"table_id":""},"messages":""" + Msg + "}", ["body.rag_params.table_id"] },
        { "unknown part type", """{"messages":[{"role":"user","content":[{"type":"video_url","video_url":{"url":"https://x"}}]}]}""", ["body.messages.0.content.0"] },
        { "empty messages", """{"messages":[]}""", ["body.messages"] },
        { "reasoning_effort", """{"reasoning_effort":"max","messages":""" + Msg + "}", ["body.reasoning_effort"] },
        { "tool_choice", """{"tool_choice":"always","messages":""" + Msg + "}", ["body.tool_choice"] },
        { "several at once", """{"temperature":null,"stop":"x","messages":[{"role":"tool","content":"1"}]}""", ["body.temperature", "body.stop", "body.messages.0.role"] },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Invalid_requests_are_422_listing_each_field(string why, string body, string[] fields)
    {
        using var response = await PostRawAsync("/api/v1/chat/completions", body, ("X-REQUEST-ID", "r-1"));
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{why}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        // The current server's body validation is FastAPI's own shape: {"detail":[{"type","loc","msg","input"}]}.
        var json = (await JsonAsync(response)).AsObject();
        Assert.Equal(["detail"], json.Select(p => p.Key));
        var locations = json["detail"]!.AsArray().Select(d => string.Join('.', d!["loc"]!.AsArray().Select(l => l!.ToString()))).ToList();
        Assert.Equal(fields.Order(), locations.Order());
        Assert.All(json["detail"]!.AsArray(), d => Assert.False(string.IsNullOrEmpty((string?)d!["msg"])));
    }

    [Fact]
    public async Task Unknown_model_is_404_and_missing_capability_is_422()
    {
        using var unknown = await PostAsync("/api/v1/chat/completions", JamAIBody("hi", model: "openai/none"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("resource_not_found", (string?)(await JsonAsync(unknown))["error"]);

        var body = new JsonObject
        {
            ["model"] = "ellm/qwen3-8b",
            ["messages"] = new JsonArray(ImageMessage(Scenes.SceneGenerator.Generate(64, 64, 1, 1).ToDataUrl(), "what?")),
        };
        using var lacking = await PostAsync("/api/v1/chat/completions", body);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, lacking.StatusCode);
        Assert.Equal("Model \"ellm/qwen3-8b\" lack these capabilities: image", (string?)(await JsonAsync(lacking))["message"]);
    }

    [Fact]
    public async Task Empty_model_picks_one_with_the_needed_capabilities()
    {
        var body = new JsonObject { ["model"] = "", ["messages"] = new JsonArray(ImageMessage(Scenes.SceneGenerator.Generate(200, 200, 2, 4).ToDataUrl(), "What is in the picture?")) };
        using var response = await PostAsync("/api/v1/chat/completions", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await JsonAsync(response);
        Assert.Equal("openai/gpt-4o-mini", (string?)json["model"]);
        Assert.StartsWith("The image shows 2 shapes", (string?)json["choices"]![0]!["message"]!["content"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reasoning_models_think_when_asked()
    {
        var body = JamAIBody("Why is the sky blue?", model: "anthropic/claude-haiku-4-5");
        body["reasoning_effort"] = "medium";
        using var thinking = await PostAsync("/api/v1/chat/completions", body);
        Assert.False(string.IsNullOrEmpty((string?)(await JsonAsync(thinking))["choices"]![0]!["message"]!["reasoning_content"]));

        body["reasoning_effort"] = "disable";
        using var off = await PostAsync("/api/v1/chat/completions", body);
        Assert.Null((string?)(await JsonAsync(off))["choices"]![0]!["message"]!["reasoning_content"]);
    }

    [Fact]
    public async Task Unknown_knowledge_table_is_404()
    {
        var body = JamAIBody("hi");
        body["rag_params"] = new JsonObject { ["table_id"] = "missing" };
        using var response = await PostAsync("/api/v1/chat/completions", body);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Full_response_has_nulls_n_choices_and_jamai_usage()
    {
        var body = JamAIBody("hi");
        body["n"] = 2;
        body["temperature"] = 0.2;
        body["response_format"] = new JsonObject { ["type"] = "json_object" }; // silently dropped
        body["tools"] = new JsonArray(new JsonObject
        {
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = "f", ["parameters"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["a"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("x", "y"), ["items"] = new JsonObject() } }, ["required"] = new JsonArray("a") } },
        });
        using var response = await PostAsync("/api/v1/chat/completions", body, ("X-REQUEST-ID", "abc"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = (await JsonAsync(response)).AsObject();
        Assert.Equal("abc", (string?)json["id"]);
        Assert.Equal(2, json["choices"]!.AsArray().Count);
        Assert.Equal(1, (int)json["choices"]![1]!["index"]!);
        Assert.True(json.ContainsKey("references"));
        Assert.Null(json["references"]);
        Assert.True(json["choices"]![0]!["message"]!.AsObject().ContainsKey("reasoning_content"));
        Assert.NotNull(json["usage"]!["completion_tokens_details"]!["reasoning_tokens"]);
        Assert.NotNull(json["usage"]!["tool_usage_details"]);
    }
}
