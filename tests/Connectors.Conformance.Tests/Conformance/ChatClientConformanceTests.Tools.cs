using System.ComponentModel;
using System.Text.Json;
using Connectors.Emulator.Rules;
using Microsoft.Extensions.AI;

namespace Connectors.Conformance.Tests.Conformance;

/// <summary>Function calling: raw tool calls, then single, parallel and multi-step loops through <c>UseFunctionInvocation</c>.</summary>
public abstract partial class ChatClientConformanceTests
{
    private static readonly AIFunction Weather = AIFunctionFactory.Create(
        ([Description("City name")] string city) => city == "Paris" ? "Sunny, 24 C" : $"Rain in {city}", "get_weather", "Gets the current weather of a city");

    private static readonly AIFunction Location = AIFunctionFactory.Create(() => "Paris", "get_location", "Gets the user's city");

    /// <summary>A rule that calls tools while the request carries tools but (in this dialect's terms) no results yet.</summary>
    private EmulatorRule CallsTools(params RuleToolCall[] calls) => Server.Rules.Add(new EmulatorRule
    {
        Name = "calls " + string.Join(",", calls.Select(c => c.Name)),
        Times = 1,
        Match = new RuleMatch { Dialect = Dialect, HasTools = true },
        Reply = new RuleReply { ToolCalls = calls },
    });

    private static RuleToolCall Call(string id, string name, string arguments)
    {
        var call = RuleToolCall.Create(name, arguments);
        call.Id = id;
        return call;
    }

    private EmulatorRule AnswersAfterToolResults(string text) => Server.Rules.Add(new EmulatorRule
    {
        Name = "final answer",
        Match = AfterToolResults(),
        Reply = new RuleReply { Text = text },
    });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Tool_calls_come_back_as_function_call_content(bool streaming)
    {
        CallsTools(Call("call_w1", "get_weather", """{"city":"Paris"}"""));
        using var client = CreateClient(Http);

        var response = await GetAsync(client, Ask("What is the weather in Paris?"), new ChatOptions { Tools = [Weather] }, streaming);

        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("call_w1", call.CallId);
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("Paris", Assert.IsType<JsonElement>(call.Arguments!["city"]).GetString());
        var tool = Assert.Single(SentBodies().Single()["tools"]!.AsArray())!;
        Assert.Equal("function", tool["type"]!.GetValue<string>());
        Assert.Equal("get_weather", tool["function"]!["name"]!.GetValue<string>());
        Assert.Equal("string", tool["function"]!["parameters"]!["properties"]!["city"]!["type"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_single_tool_call_round_trips_through_function_invocation(bool streaming)
    {
        AnswersAfterToolResults("It is sunny and 24 C in Paris.");
        CallsTools(Call("call_w1", "get_weather", """{"city":"Paris"}"""));
        using var client = CreateClient(Http).AsBuilder().UseFunctionInvocation().Build();

        var response = await GetAsync(client, Ask("What is the weather in Paris?"), new ChatOptions { Tools = [Weather] }, streaming);

        Assert.Equal("It is sunny and 24 C in Paris.", response.Messages[^1].Text);
        var bodies = SentBodies();
        Assert.Equal(2, bodies.Count);
        AssertCarriesToolResult(bodies[1], "call_w1", "get_weather", "Sunny, 24 C");
    }

    [Fact]
    public async Task Parallel_tool_calls_are_all_invoked_and_their_results_sent_together()
    {
        AnswersAfterToolResults("Paris is sunny; Oslo has rain.");
        CallsTools(Call("call_p1", "get_weather", """{"city":"Paris"}"""), Call("call_o1", "get_weather", """{"city":"Oslo"}"""));
        using var client = CreateClient(Http).AsBuilder().UseFunctionInvocation().Build();

        var response = await client.GetResponseAsync(Ask("Weather in Paris and Oslo?"), new ChatOptions { Tools = [Weather] }, Ct);

        Assert.Equal("Paris is sunny; Oslo has rain.", response.Messages[^1].Text);
        var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Select(c => c.CallId).ToList();
        Assert.Equal(["call_p1", "call_o1"], calls);
        var bodies = SentBodies();
        Assert.Equal(2, bodies.Count);
        AssertCarriesToolResult(bodies[1], "call_p1", "get_weather", "Sunny, 24 C");
        AssertCarriesToolResult(bodies[1], "call_o1", "get_weather", "Rain in Oslo");
    }

    [Fact]
    public async Task Multi_step_tool_calls_chain_until_the_final_answer()
    {
        CallsTools(Call("call_l1", "get_location", "{}"));
        Server.Rules.Add(new EmulatorRule
        {
            Name = "second step",
            Times = 1,
            Match = AfterToolResults(),
            Reply = new RuleReply { ToolCalls = [Call("call_w2", "get_weather", """{"city":"Paris"}""")] },
        });
        AnswersAfterToolResults("You are in Paris, where it is sunny.");
        using var client = CreateClient(Http).AsBuilder().UseFunctionInvocation().Build();

        var response = await client.GetResponseAsync(Ask("What is the weather where I am?"), new ChatOptions { Tools = [Weather, Location] }, Ct);

        Assert.Equal("You are in Paris, where it is sunny.", response.Messages[^1].Text);
        var bodies = SentBodies();
        Assert.Equal(3, bodies.Count);
        AssertCarriesToolResult(bodies[1], "call_l1", "get_location", "Paris");
        AssertCarriesToolResult(bodies[2], "call_l1", "get_location", "Paris");
        AssertCarriesToolResult(bodies[2], "call_w2", "get_weather", "Sunny, 24 C");
        Assert.Equal(
            ["call_l1", "call_w2"],
            response.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Select(r => r.CallId));
    }
}
