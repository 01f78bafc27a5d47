using System.Text.Json.Nodes;
using Connectors.Emulator;
using Connectors.Emulator.Scenes;
using Connectors.Perceptron.Grounding;
using Microsoft.Extensions.AI;

namespace Connectors.Perceptron.Tests;

/// <summary>What agents use, through the client to the emulator over real HTTP: its request log shows what arrived.</summary>
public sealed class AgentEndToEndTests : IAsyncLifetime
{
    private EmulatorServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await EmulatorServer.StartAsync(cancellationToken: Token);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private PerceptronChatClient Client() => new(new PerceptronClientOptions { Endpoint = _server.PerceptronEndpoint, ApiKey = "emulator-key" });

    private List<JsonObject> Bodies() =>
        [.. _server.RequestLog.Entries.Where(e => e.Path == "/v1/chat/completions").Select(e => JsonNode.Parse(e.Body!)!.AsObject())];

    private static GeneratedScene Circles(int count, int seed)
    {
        var options = new SceneOptions { Width = 320, Height = 240, Seed = seed, RandomObjects = 1 };
        for (var i = 0; i < count; i++)
        {
            options.Required.Add(("red", SceneShape.Circle));
        }

        options.Colors.Remove("red");
        return SceneGenerator.Generate(options);
    }

    [Fact]
    public async Task A_tool_that_returns_an_image_is_looked_at_and_the_answer_is_grounded_on_it()
    {
        var crop = Circles(2, 61);
        using var perceptron = Client();
        using var agent = perceptron.AsBuilder().UseFunctionInvocation().Build();
        var camera = AIFunctionFactory.Create(
            (string region) => new AIContent[] { new TextContent($"the {region} crop"), new DataContent(crop.Png, "image/png") },
            "get_crop",
            "Gets a crop of the camera image for a region.");

        var response = await agent.GetResponseAsync(
            "Get the crop of the north region. How many red circles are in the crop? Point to each.",
            new ChatOptions { Tools = [camera] }.WithHints(PerceptronHints.Point),
            Token);

        var bodies = Bodies();
        Assert.Equal(2, bodies.Count); // the call, then the answer
        var tool = bodies[1]["messages"]!.AsArray().Single(m => m!["role"]!.GetValue<string>() == "tool")!;
        Assert.Contains(tool["content"]!.AsArray(), p => p!["type"]!.GetValue<string>() == "image_url"); // the image went back as an image
        var grounding = Assert.Single(response.GetGrounding());
        Assert.Equal(new ImageSize(320, 240), grounding.ImageSize);
        var points = grounding.Leaves.OfType<PointAnnotation>().Select(p => grounding.ToPixels(p)!.Value).ToList();
        var circles = crop.Where("red", SceneShape.Circle).ToList();
        Assert.Equal(circles.Count, points.Count);
        Assert.All(points, p => Assert.Contains(circles, c => c.Contains(p.X, p.Y)));
    }

    [Fact]
    public async Task Reasoning_from_an_earlier_answer_goes_back_with_its_assistant_turn()
    {
        var scene = Circles(3, 62);
        using var client = Client();
        List<ChatMessage> history = [new(ChatRole.User, [new DataContent(scene.Png, "image/png"), new TextContent("How many red circles are there?")])];
        var first = await client.GetResponseAsync(history, new ChatOptions().WithHints(PerceptronHints.Think), Token);
        var reasoning = Assert.Single(first.Messages.SelectMany(m => m.Contents).OfType<TextReasoningContent>()).Text;
        history.AddRange(first.Messages);
        history.Add(new ChatMessage(ChatRole.User, "And how many blue squares?"));

        await client.GetResponseAsync(history, cancellationToken: Token);

        var assistant = Bodies()[1]["messages"]!.AsArray().Single(m => m!["role"]!.GetValue<string>() == "assistant")!;
        Assert.Equal(reasoning, assistant["reasoning_content"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_focus_tool_goes_alone_and_the_model_answers_on_the_current_default_model()
    {
        var scene = Circles(2, 63);
        using var client = Client();

        var response = await client.GetResponseAsync(
            [new ChatMessage(ChatRole.User, [new DataContent(scene.Png, "image/png"), new TextContent("How many red circles are there?")])],
            new ChatOptions { Tools = [new PerceptronFocusTool()] },
            Token);

        Assert.Contains("2 red circles", response.Text, StringComparison.Ordinal);
        var body = Bodies()[0];
        Assert.Equal("""[{"type":"perceptron.FOCUS"}]""", body["tools"]!.ToJsonString());
        Assert.Equal("perceptron-mk1.5", body["model"]!.GetValue<string>());
    }
}
