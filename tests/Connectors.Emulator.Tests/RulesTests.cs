using System.Net;
using System.Text.Json.Nodes;
using Connectors.Emulator.Rules;

namespace Connectors.Emulator.Tests;

public sealed class RulesTests : EmulatorTestBase, IDisposable
{
    private readonly string _rulesFile = Path.Combine(Path.GetTempPath(), "emulator-rules-" + Guid.NewGuid().ToString("N") + ".json");

    protected override EmulatorOptions CreateOptions()
    {
        File.WriteAllText(_rulesFile, """
            {
              // Comments and trailing commas are allowed.
              "rules": [
                { "name": "weather", "match": { "dialect": "perceptron", "text": "weather in (Paris|Rome)", "hasTools": true, "hasToolResults": false },
                  "reply": { "toolCalls": [ { "name": "get_weather", "arguments": { "city": "Paris" } } ] } },
                { "name": "after tool", "match": { "hasToolResults": true },
                  "reply": { "text": "It is 21 degrees in Paris.", "usage": { "promptTokens": 100, "completionTokens": 7, "cachedTokens": 40 } } },
                { "name": "grounded", "match": { "model": "isaac-.*", "text": "^find the cat$" },
                  "reply": { "text": "Here:", "grounding": "<point_box mention=\"cat\"> (10,20) (300,400) </point_box>", "reasoning": "Looked left." } },
              ]
            }
            """);
        return new EmulatorOptions { RulesFile = _rulesFile };
    }

    public void Dispose() => File.Delete(_rulesFile);

    private static JsonObject WithTools(JsonObject body)
    {
        body["tools"] = new JsonArray(new JsonObject
        {
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = "get_weather", ["parameters"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["city"] = new JsonObject { ["type"] = "string" } }, ["required"] = new JsonArray("city") } },
        });
        return body;
    }

    [Fact]
    public async Task File_rule_makes_the_model_call_a_tool()
    {
        using var response = await PostAsync("/v1/chat/completions", WithTools(PerceptronBody("What is the weather in Paris?")));
        var json = await JsonAsync(response);
        var choice = json["choices"]![0]!;
        Assert.Equal("tool_calls", (string?)choice["finish_reason"]);
        var call = choice["message"]!["tool_calls"]![0]!;
        Assert.Equal("function", (string?)call["type"]);
        Assert.Equal("get_weather", (string?)call["function"]!["name"]);
        Assert.Equal("""{"city":"Paris"}""", Compact((string)call["function"]!["arguments"]!));
        Assert.Equal("weather", Server.RequestLog.Last("/v1/chat/completions")!.Rule);
    }

    [Fact]
    public async Task Tool_choice_none_answers_in_text()
    {
        var body = WithTools(PerceptronBody("What is the weather in Paris?"));
        body["tool_choice"] = "none";
        using var response = await PostAsync("/v1/chat/completions", body);
        var choice = (await JsonAsync(response))["choices"]![0]!;
        Assert.Null(choice["message"]!["tool_calls"]);
        Assert.Equal("stop", (string?)choice["finish_reason"]);
    }

    [Fact]
    public async Task Conditions_must_all_hold()
    {
        // No tools: the weather rule does not apply.
        using var noTools = await PostAsync("/v1/chat/completions", PerceptronBody("What is the weather in Paris?"));
        Assert.Null((await JsonAsync(noTools))["choices"]![0]!["message"]!["tool_calls"]);

        // Wrong dialect: the rule does not apply (the JamAI model decides on its own to call the weather tool).
        using var jamai = await PostAsync("/api/v1/chat/completions", WithTools(JamAIBody("What is the weather in Paris?")));
        await JsonAsync(jamai);
        Assert.Null(Server.RequestLog.Last("/api/v1/chat/completions")!.Rule);

        // Model pattern must match the whole id.
        using var mk1 = await PostAsync("/v1/chat/completions", PerceptronBody("find the cat"));
        Assert.DoesNotContain("point_box", (string?)(await JsonAsync(mk1))["choices"]![0]!["message"]!["content"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tool_results_in_history_select_the_follow_up_rule_with_its_usage()
    {
        var body = WithTools(PerceptronBody("What is the weather in Paris?"));
        body["messages"]!.AsArray().Add(new JsonObject { ["role"] = "assistant", ["content"] = null, ["tool_calls"] = new JsonArray(new JsonObject { ["id"] = "c1", ["type"] = "function", ["function"] = new JsonObject { ["name"] = "get_weather", ["arguments"] = "{}" } }) });
        body["messages"]!.AsArray().Add(new JsonObject { ["role"] = "tool", ["tool_call_id"] = "c1", ["content"] = "21C" });
        using var response = await PostAsync("/v1/chat/completions", body);
        var json = await JsonAsync(response);
        Assert.Equal("It is 21 degrees in Paris.", (string?)json["choices"]![0]!["message"]!["content"]);
        Assert.Equal(100, (int)json["usage"]!["prompt_tokens"]!);
        Assert.Equal(107, (int)json["usage"]!["total_tokens"]!);
        Assert.Equal(40, (int)json["usage"]!["prompt_tokens_details"]!["cached_tokens"]!);
    }

    [Fact]
    public async Task Grounding_and_reasoning_come_back_verbatim()
    {
        using var response = await PostAsync("/v1/chat/completions", PerceptronBody("Find the cat", "isaac-0.3-fast"));
        var message = (await JsonAsync(response))["choices"]![0]!["message"]!;
        Assert.Equal("Here:\n<point_box mention=\"cat\"> (10,20) (300,400) </point_box>", (string?)message["content"]);
        Assert.Equal("Looked left.", (string?)message["reasoning_content"]);
    }

    [Fact]
    public async Task In_process_rules_follow_file_rules_unless_added_first_and_clear_removes_them()
    {
        Server.Rules.When("weather", new RuleReply { Text = "later rule" });
        using var a = await PostAsync("/v1/chat/completions", WithTools(PerceptronBody("weather in Rome")));
        Assert.NotNull((await JsonAsync(a))["choices"]![0]!["message"]!["tool_calls"]);

        Server.Rules.AddFirst(new EmulatorRule { Match = new RuleMatch { Text = "weather" }, Reply = new RuleReply { Text = "first rule" } });
        using var b = await PostAsync("/v1/chat/completions", WithTools(PerceptronBody("weather in Rome")));
        Assert.Equal("first rule", (string?)(await JsonAsync(b))["choices"]![0]!["message"]!["content"]);

        Server.Rules.Clear();
        Assert.Empty(Server.Rules.All);
        using var c = await PostAsync("/v1/chat/completions", WithTools(PerceptronBody("weather in Rome")));
        // No rule left: the emulator's own model calls the declared tool the request is about.
        Assert.Equal("get_weather", (string?)(await JsonAsync(c))["choices"]![0]!["message"]!["tool_calls"]![0]!["function"]!["name"]);
    }

    [Fact]
    public async Task JamAI_rule_with_tool_calls_and_reasoning()
    {
        Server.Rules.Add(new EmulatorRule
        {
            Match = new RuleMatch { Dialect = EmulatorDialect.JamAI, HasTools = true },
            Reply = new RuleReply { Reasoning = "Need the weather.", ToolCalls = [RuleToolCall.Create("get_weather", """{"city":"Oslo"}""")] },
        });
        using var response = await PostAsync("/api/v1/chat/completions", WithTools(JamAIBody("weather in Oslo?")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = (await JsonAsync(response))["choices"]![0]!["message"]!;
        Assert.Equal("Need the weather.", (string?)message["reasoning_content"]);
        Assert.Equal("get_weather", (string?)message["tool_calls"]![0]!["function"]!["name"]);
    }

    [Fact]
    public async Task Reply_text_repeats_the_groups_of_the_text_pattern()
    {
        Server.Rules.AddFirst(new EmulatorRule
        {
            Match = new RuleMatch { Text = """name="count">(?<n>\d+)</tool_result>""" },
            Reply = new RuleReply { Text = "There are ${n} circles ($$ free).", Reasoning = "The tool said $1." },
        });

        using var response = await PostAsync("/api/v1/chat/completions", JamAIBody("""<tool_result id="c1" name="count">7</tool_result>"""));
        var message = (await JsonAsync(response))["choices"]![0]!["message"]!;

        Assert.Equal("There are 7 circles ($ free).", (string?)message["content"]);
        Assert.Equal("The tool said 7.", (string?)message["reasoning_content"]);
    }

    [Fact]
    public async Task Reply_text_without_pattern_groups_is_sent_as_written()
    {
        Server.Rules.AddFirst(new EmulatorRule { Match = new RuleMatch { Text = "price" }, Reply = new RuleReply { Text = "It costs $5." } });

        using var response = await PostAsync("/api/v1/chat/completions", JamAIBody("What is the price?"));

        Assert.Equal("It costs $5.", (string?)(await JsonAsync(response))["choices"]![0]!["message"]!["content"]);
    }

    [Fact]
    public void Bad_rules_fail_when_added()
    {
        Assert.ThrowsAny<ArgumentException>(() => Server.Rules.Add(new EmulatorRule { Match = new RuleMatch { Text = "(unclosed" } }));
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => Server.Rules.Load("""{"rules": 5}"""));
    }
}
