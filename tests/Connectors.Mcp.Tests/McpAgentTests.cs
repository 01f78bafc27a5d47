using System.Text.Json;
using Connectors.Emulator;
using Connectors.Emulator.Rules;
using Connectors.Emulator.Scenes;
using Connectors.JamAI;
using Microsoft.Extensions.AI;

namespace Connectors.Mcp.Tests;

/// <summary>An MEAI agent (JamAI on the emulator, scripted to call a tool) using the MCP server's tools as AITools.</summary>
public sealed class McpAgentTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("connectors-mcp-agent-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_jamai_agent_counts_through_the_mcp_count_tool()
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromMinutes(2));
        var options = new SceneOptions { Width = 480, Height = 360, Seed = 12, RandomObjects = 2 };
        options.Required.Add(("blue", SceneShape.Square));
        options.Required.Add(("blue", SceneShape.Square));
        options.Required.Add(("blue", SceneShape.Square));
        options.Colors.Remove("blue");
        var scene = SceneGenerator.Generate(options);
        var path = Path.Combine(_folder, "scene.png");
        await File.WriteAllBytesAsync(path, scene.Png, deadline.Token);

        // The emulator's JamAI model calls tools only when a rule says so: one asks for the count, one reads the result.
        await using var jamai = await EmulatorServer.StartAsync(cancellationToken: deadline.Token);
        jamai.Rules.Add(new EmulatorRule
        {
            Name = "call the count tool",
            Times = 1,
            Match = new RuleMatch { Dialect = EmulatorDialect.JamAI, Text = "how many blue squares", HasTools = true },
            Reply = new RuleReply
            {
                ToolCalls =
                [
                    new RuleToolCall
                    {
                        Name = "Vision_CountObjects",
                        Arguments = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["image"] = path, ["objects"] = "blue squares" }),
                    },
                ],
            },
        });
        jamai.Rules.Add(new EmulatorRule
        {
            Name = "answer from the tool result",
            Match = new RuleMatch { Dialect = EmulatorDialect.JamAI, Text = @"tool_result[\s\S]*?count\\*""\s*:\s*(\d+)" },
            Reply = new RuleReply { Text = "There are $1 blue squares." },
        });

        await using var server = await McpServerProcess.StartStdioAsync(["--emulator", "--allow-root", _folder], deadline.Token);
        var tools = await server.Client.ListToolsAsync(cancellationToken: deadline.Token);
        using var client = new JamAIChatClient(new JamAIClientOptions { Endpoint = jamai.JamAIEndpoint, Token = "emulator" });
        using var agent = client.AsBuilder().UseFunctionInvocation().Build();

        var response = await agent.GetResponseAsync(
            "How many blue squares are in the picture?", new ChatOptions { Tools = [.. tools] }, deadline.Token);

        Assert.Contains(response.Messages.SelectMany(m => m.Contents), c => c is FunctionResultContent);
        Assert.Equal("There are 3 blue squares.", response.Text.Trim());
    }
}
