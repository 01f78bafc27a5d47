using System.Reflection;
using System.Text.Json;
using Connectors.Emulator;
using Connectors.Emulator.Rules;
using Connectors.Emulator.Scenes;
using Connectors.JamAI;
using Connectors.Perceptron;
using Connectors.Perceptron.Grounding;
using Microsoft.Extensions.AI;

namespace PackageSmoke.Tests;

/// <summary>A user's first program, built only from the packed packages: chat with both clients on the packed emulator.</summary>
public sealed class PackageChatTests : IAsyncLifetime
{
    private EmulatorServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await EmulatorServer.StartAsync(cancellationToken: Ct);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Perceptron_chats_plain_and_streamed()
    {
        _server.Rules.When("hello package", new RuleReply { Text = "Hello from the packed emulator." }, EmulatorDialect.Perceptron);
        using IChatClient client = new PerceptronChatClient(new PerceptronClientOptions { Endpoint = _server.PerceptronEndpoint, ApiKey = "smoke-key" });

        var plain = await client.GetResponseAsync("hello package", cancellationToken: Ct);
        var streamed = await client.GetStreamingResponseAsync("hello package", cancellationToken: Ct).ToChatResponseAsync(Ct);

        Assert.Equal("Hello from the packed emulator.", plain.Text);
        Assert.Equal(plain.Text, streamed.Text);
        Assert.Equal(ChatFinishReason.Stop, plain.FinishReason);
        Assert.Single(_server.RequestLog.Entries, e => e.Path == "/v1/chat/completions" && e.Streamed);
    }

    [Fact]
    public async Task Perceptron_grounding_points_at_the_objects_in_the_image()
    {
        var scene = SceneGenerator.Generate(new SceneOptions { Width = 320, Height = 240, Seed = 3, RandomObjects = 0, Required = { ("red", SceneShape.Circle), ("red", SceneShape.Circle) } });
        using var client = new PerceptronChatClient(new PerceptronClientOptions { Endpoint = _server.PerceptronEndpoint, ApiKey = "smoke-key" });

        var response = await client.GetResponseAsync(
            [new ChatMessage(ChatRole.User, [new DataContent(scene.Png, "image/png"), new TextContent("How many red circles are there? Point to each.")])],
            new ChatOptions().WithHints(PerceptronHints.Point),
            Ct);

        var grounding = Assert.Single(response.GetGrounding());
        var points = grounding.Leaves.OfType<PointAnnotation>().Select(p => grounding.ToPixels(p)!.Value).ToList();
        Assert.Equal(2, points.Count);
        var circles = scene.Where("red", SceneShape.Circle).ToList();
        Assert.All(points, p => Assert.Contains(circles, c => c.Contains(p.X, p.Y)));

        // The renderer needs SkiaSharp's native library, which must resolve from the packages too.
        var png = GroundingRenderer.RenderPng(scene.Png, grounding.Items);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.NotEqual(scene.Png, png);
    }

    [Fact]
    public async Task JamAI_chats_and_calls_a_tool()
    {
        _server.Rules.Add(new EmulatorRule { Match = new RuleMatch { Dialect = EmulatorDialect.JamAI, Text = "<tool_result " }, Reply = new RuleReply { Text = "It is 21 C." } });
        _server.Rules.Add(new EmulatorRule { Times = 1, Match = new RuleMatch { Dialect = EmulatorDialect.JamAI, HasTools = true }, Reply = new RuleReply { ToolCalls = [RuleToolCall.Create("get_temperature", "{}")] } });
        using var client = new JamAIChatClient(new JamAIClientOptions { Endpoint = _server.JamAIEndpoint, Token = "smoke-token", DefaultModelId = "openai/gpt-4o-mini" })
            .AsBuilder().UseFunctionInvocation().Build();

        var response = await client.GetResponseAsync("How warm is it?", new ChatOptions { Tools = [AIFunctionFactory.Create(() => "21 C", "get_temperature")] }, Ct);

        Assert.Equal("It is 21 C.", response.Messages[^1].Text);
        Assert.Equal(2, _server.RequestLog.Entries.Count(e => e.Path == "/api/v1/chat/completions"));
    }

    [Fact]
    public void The_libraries_resolve_as_packages_not_projects()
    {
        // deps.json records how each library was referenced: "package" here, "project" in the solution's tests.
        var depsFile = (string)AppContext.GetData("APP_CONTEXT_DEPS_FILES")!;
        using var deps = JsonDocument.Parse(File.ReadAllText(depsFile.Split(';')[0]));
        var libraries = deps.RootElement.GetProperty("libraries");
        var version = typeof(PackageChatTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ConnectorsPackageVersion").Value;
        foreach (var id in new[] { "Connectors.Core", "Connectors.Perceptron", "Connectors.JamAI", "Connectors.Emulator" })
        {
            Assert.True(libraries.TryGetProperty($"{id}/{version}", out var library), $"{id} {version} is not in {depsFile}");
            Assert.Equal("package", library.GetProperty("type").GetString());
        }
    }
}
