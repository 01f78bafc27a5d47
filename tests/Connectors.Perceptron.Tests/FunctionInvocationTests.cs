using System.Text.Json.Nodes;
using Connectors.Tests;
using Microsoft.Extensions.AI;

namespace Connectors.Perceptron.Tests;

public class FunctionInvocationTests
{
    [Fact]
    public async Task Use_function_invocation_completes_a_tool_round_trip()
    {
        var handler = new FakeHttpHandler()
            .ReplyJson("""{"id":"r1","choices":[{"index":0,"message":{"role":"assistant","tool_calls":[{"id":"call_9","type":"function","function":{"name":"count_cars","arguments":"{\"color\":\"red\"}"}}]},"finish_reason":"tool_calls"}]}""")
            .ReplyJson("""{"id":"r2","choices":[{"index":0,"message":{"role":"assistant","content":"There are 4 red cars."},"finish_reason":"stop"}]}""");
        using var inner = TestClients.Create(handler);
        using var client = new ChatClientBuilder(inner).UseFunctionInvocation().Build();
        var calls = 0;
        var tool = AIFunctionFactory.Create((string color) => { calls++; return color == "red" ? 4 : 0; }, "count_cars");

        var response = await client.GetResponseAsync(TestClients.Ask("How many red cars?"), new ChatOptions { Tools = [tool] });

        Assert.Equal("There are 4 red cars.", response.Text);
        Assert.Equal(1, calls);
        Assert.Equal(2, handler.Requests.Count);
        var messages = handler.Requests[1].Json["messages"]!.AsArray();
        Assert.Equal("call_9", messages[1]!["tool_calls"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("tool", messages[2]!["role"]!.GetValue<string>());
        Assert.Equal("call_9", messages[2]!["tool_call_id"]!.GetValue<string>());
        Assert.Equal("4", messages[2]!["content"]!.GetValue<string>());
    }
}
