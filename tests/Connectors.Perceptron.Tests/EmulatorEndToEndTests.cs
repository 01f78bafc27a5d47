using Connectors.Emulator;
using Connectors.Emulator.Scenes;
using Connectors.Perceptron.Grounding;
using Microsoft.Extensions.AI;

namespace Connectors.Perceptron.Tests;

/// <summary>The client against the emulator over real HTTP and SSE on 127.0.0.1.</summary>
public sealed class EmulatorEndToEndTests : IAsyncLifetime
{
    private EmulatorServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await EmulatorServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private PerceptronChatClient Client() => new(new PerceptronClientOptions { Endpoint = _server.PerceptronEndpoint, ApiKey = "emulator-key" });

    private static GeneratedScene RedCircles(int circles, int seed)
    {
        var options = new SceneOptions { Width = 640, Height = 480, Seed = seed, RandomObjects = 3 };
        for (var i = 0; i < circles; i++)
        {
            options.Required.Add(("red", SceneShape.Circle));
        }

        options.Colors.Remove("red"); // the random extras are never red circles
        return SceneGenerator.Generate(options);
    }

    private static List<ChatMessage> Ask(GeneratedScene scene, string question) =>
        [new(ChatRole.User, [new DataContent(scene.Png, "image/png"), new TextContent(question)])];

    [Fact]
    public async Task On_loopback_no_key_is_needed_and_none_is_sent()
    {
        using var client = new PerceptronChatClient(new PerceptronClientOptions { Endpoint = _server.PerceptronEndpoint });

        var response = await client.GetResponseAsync("Say hi.", cancellationToken: TestContext.Current.CancellationToken);

        Assert.NotEmpty(response.Text);
        var sent = Assert.Single(_server.RequestLog.Entries, e => e.Path == "/v1/chat/completions");
        Assert.False(sent.Headers.ContainsKey("Authorization"));
    }

    [Theory]
    [InlineData(2, 1, false)]
    [InlineData(3, 2, false)]
    [InlineData(4, 3, true)]
    public async Task Counting_returns_the_true_count_with_a_point_inside_each_circle(int circles, int seed, bool streaming)
    {
        var scene = RedCircles(circles, seed);
        using var client = Client();
        var messages = Ask(scene, "How many red circles are there? Point to each.");
        var options = new ChatOptions().WithHints(PerceptronHints.Point | PerceptronHints.Think);

        var response = streaming
            ? await client.GetStreamingResponseAsync(messages, options, TestContext.Current.CancellationToken).ToChatResponseAsync(TestContext.Current.CancellationToken)
            : await client.GetResponseAsync(messages, options, TestContext.Current.CancellationToken);

        Assert.Contains(circles.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Text, StringComparison.Ordinal);
        Assert.NotEmpty(response.Messages[0].Contents.OfType<TextReasoningContent>());
        var grounding = Assert.Single(response.GetGrounding().GroupBy(g => g.ImageIndex)).ToList();
        var points = grounding.SelectMany(g => g.Leaves.OfType<PointAnnotation>().Select(p => g.ToPixels(p)!.Value)).ToList();
        Assert.Equal(circles, points.Count);
        var truth = scene.Where("red", SceneShape.Circle).ToList();
        Assert.All(points, p => Assert.Contains(truth, c => c.Contains(p.X, p.Y)));
        Assert.Equal(circles, truth.Count(c => points.Any(p => c.Contains(p.X, p.Y))));
    }

    [Fact]
    public async Task Box_detection_matches_every_object_with_iou_of_at_least_0_9()
    {
        var scene = SceneGenerator.Generate(640, 480, 6, seed: 5);
        using var client = Client();
        var response = await client.GetResponseAsync(
            [new(ChatRole.System, "Your goal is to segment out the objects in the scene"), new(ChatRole.User, [new DataContent(scene.Png, "image/png")])],
            new ChatOptions().WithHints(PerceptronHints.Box),
            TestContext.Current.CancellationToken);

        var grounding = Assert.Single(response.GetGrounding());
        Assert.Equal(new ImageSize(640, 480), grounding.ImageSize);
        var boxes = grounding.Leaves.OfType<BoxAnnotation>().Select(b => (b.Mention, Box: grounding.ToPixels(b)!.Value)).ToList();
        Assert.Equal(scene.Objects.Count, boxes.Count);
        foreach (var truth in scene.Objects)
        {
            var best = boxes.Where(b => b.Mention == truth.Name)
                .Max(b => truth.Bounds.IntersectionOverUnion(new SceneBox(b.Box.TopLeft.X, b.Box.TopLeft.Y, b.Box.BottomRight.X, b.Box.BottomRight.Y)));
            Assert.True(best >= 0.9, $"{truth.Name} IoU {best:F3}");
        }
    }

    [Fact]
    public async Task Polygons_and_models_come_back_over_real_http()
    {
        var scene = SceneGenerator.Generate(320, 240, 2, seed: 9);
        using var client = Client();
        var response = await client.GetResponseAsync(Ask(scene, "Outline every object."), new ChatOptions().WithHints(PerceptronHints.Polygon), TestContext.Current.CancellationToken);
        var polygons = response.GetGrounding().SelectMany(g => g.Leaves).OfType<PolygonAnnotation>().ToList();
        Assert.Equal(2, polygons.Count);
        Assert.All(polygons, p => Assert.True(p.Polygon.Vertices.Count >= 3));

        var models = await client.ListModelsAsync(TestContext.Current.CancellationToken);
        Assert.Contains(models, m => m.Id == "isaac-0.2-2b-preview" && m.MaxContextTokens > 0);
    }
}
