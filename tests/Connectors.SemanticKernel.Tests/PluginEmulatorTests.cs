using Connectors.Emulator;
using Connectors.Emulator.Scenes;
using Connectors.Perceptron;

namespace Connectors.SemanticKernel.Tests;

/// <summary>The plugin over a real <see cref="PerceptronChatClient"/> and the emulator's scene analysis, over HTTP.</summary>
public sealed class PluginEmulatorTests : IAsyncLifetime
{
    private EmulatorServer _server = null!;
    private PerceptronChatClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await EmulatorServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        _client = new PerceptronChatClient(new PerceptronClientOptions { Endpoint = _server.PerceptronEndpoint, ApiKey = "emulator-key" });
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DetectObjects_finds_every_object_of_a_scene_with_pixel_boxes_matching_the_truth()
    {
        var scene = SceneGenerator.Generate(640, 480, 5, seed: 31);
        var plugin = new VisionPlugin(_client);
        var name = plugin.AddImage(scene.Png, "scene");

        var result = await plugin.DetectObjectsAsync(name, cancellationToken: Token);

        Assert.Equivalent(new VisionImageInfo("scene", 640, 480), result.Image, strict: true);
        Assert.Equal(scene.Objects.Count, result.Count);
        foreach (var truth in scene.Objects)
        {
            var best = result.Objects.Where(o => o.Label == truth.Name)
                .Max(o => truth.Bounds.IntersectionOverUnion(new SceneBox(o.PixelBox!.Value.TopLeft.X, o.PixelBox.Value.TopLeft.Y, o.PixelBox.Value.BottomRight.X, o.PixelBox.Value.BottomRight.Y)));
            Assert.True(best >= 0.9, $"{truth.Name} IoU {best:F3}");
        }
    }

    [Fact]
    public async Task DetectObjects_learns_a_new_name_from_a_labelled_example_and_finds_every_object_like_it()
    {
        var example = TestImages.RedCircles(1, 41);
        var boxed = example.Where("red", SceneShape.Circle).Single().Bounds;
        var target = TestImages.RedCircles(3, 42);
        var plugin = new VisionPlugin(_client);
        plugin.AddImage(example.Png, "example");
        var examples = $$"""[{"image":"example","boxes":[{"label":"widget","x1":{{boxed.Left}},"y1":{{boxed.Top}},"x2":{{boxed.Right}},"y2":{{boxed.Bottom}}}]}]""";

        var widgets = await plugin.DetectObjectsAsync(target.ToDataUrl(), "widget", examples, Token);

        var circles = target.Where("red", SceneShape.Circle).ToList();
        Assert.Equal(circles.Count, widgets.Count);
        Assert.All(widgets.Objects, o => Assert.Equal("widget", o.Label));
        Assert.All(circles, c => Assert.Contains(widgets.Objects, o => c.Bounds.IntersectionOverUnion(new SceneBox(o.PixelBox!.Value.TopLeft.X, o.PixelBox.Value.TopLeft.Y, o.PixelBox.Value.BottomRight.X, o.PixelBox.Value.BottomRight.Y)) >= 0.8));

        // The request the emulator saw: the example image, the assistant's tags for it, then the target.
        var body = System.Text.Json.Nodes.JsonNode.Parse(_server.RequestLog.Last("/v1/chat/completions")!.Body!)!;
        var roles = body["messages"]!.AsArray().Select(m => m!["role"]!.GetValue<string>()).ToList();
        Assert.Equal(["system", "user", "assistant", "user"], roles);
        Assert.StartsWith("<point_box mention=\"widget\">", body["messages"]![2]!["content"]!.GetValue<string>(), StringComparison.Ordinal);

        // Without the example nothing is called a widget.
        Assert.Equal(0, (await plugin.DetectObjectsAsync(target.ToDataUrl(), "widget", cancellationToken: Token)).Count);
    }

    [Fact]
    public async Task AskAboutImage_with_boxes_expected_marks_what_the_answer_names()
    {
        var scene = TestImages.RedCircles(2, 43);
        var plugin = new VisionPlugin(_client);

        var answer = await plugin.AskAboutImageAsync(scene.ToDataUrl(), "What is in this picture?", "box", Token);

        Assert.Equal(scene.Objects.Count, answer.Boxes.Count);
        Assert.Equal(scene.Objects.Select(o => o.Name).Order(), answer.Boxes.Select(b => b.Label).Order());
        var plain = await plugin.AskAboutImageAsync(scene.ToDataUrl(), "What is in this picture?", cancellationToken: Token);
        Assert.Empty(plain.Boxes);
    }

    [Fact]
    public async Task An_uploaded_image_is_named_by_its_file_id_and_sent_by_id()
    {
        var scene = TestImages.RedCircles(3, 35);
        using var files = new PerceptronFileClient(new PerceptronClientOptions { Endpoint = _server.PerceptronEndpoint });
        var uploaded = await files.UploadAsync(new MemoryStream(scene.Png), "image/png", "circles.png", cancellationToken: Token);
        var plugin = new VisionPlugin(_client);

        var count = await plugin.CountObjectsAsync(uploaded.FileId, "red circles", Token);

        Assert.Equal(3, count.Count);
        Assert.All(count.Points, p => Assert.Null(p.PixelPoint)); // no size without the bytes: grid points only
        var sent = Assert.Single(_server.RequestLog.Entries, e => e.Path == "/v1/chat/completions").Body!;
        Assert.Contains($"\"image_file_id\":{{\"file_id\":\"{uploaded.FileId}\"}}", sent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CountObjects_and_SegmentObjects_agree_with_the_scene()
    {
        var scene = TestImages.RedCircles(3, 33);
        var plugin = new VisionPlugin(_client);

        var count = await plugin.CountObjectsAsync(scene.ToDataUrl(), "red circles", Token);
        var outlines = await plugin.SegmentObjectsAsync(scene.ToDataUrl(), "red circle", Token);

        var circles = scene.Where("red", SceneShape.Circle).ToList();
        Assert.Equal(circles.Count, count.Count);
        Assert.All(count.Points, p => Assert.Contains(circles, c => c.Contains(p.PixelPoint!.Value.X, p.PixelPoint.Value.Y)));
        Assert.NotNull(count.Reasoning);
        Assert.Equal(circles.Count, outlines.Count);
        Assert.All(outlines.Objects, o => Assert.True(o.PixelPolygon!.Value.Vertices.Count >= 3));
    }
}
