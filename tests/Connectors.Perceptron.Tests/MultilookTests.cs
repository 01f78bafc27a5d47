using System.Net;
using Connectors.Core;
using Connectors.Emulator;
using Connectors.Emulator.Scenes;
using Connectors.Perceptron.Grounding;
using Connectors.Perceptron.Multilook;
using Connectors.Tests;
using Microsoft.Extensions.AI;

namespace Connectors.Perceptron.Tests;

/// <summary>Multilook: the spec's request and reply, byte for byte, then the emulator over real HTTP.</summary>
public sealed class MultilookTests : IAsyncLifetime
{
    private EmulatorServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await EmulatorServer.StartAsync(cancellationToken: Token);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static (List<ChatMessage> Context, List<ChatMessage> Prompts) SpecConversation() =>
    (
        [
            new(ChatRole.System, "You are a precise video analyst."),
            new(ChatRole.User, [new UriContent("https://media.example/clip.mp4", "video/mp4")]),
        ],
        [
            new(ChatRole.User, "Did a person enter the frame?"),
            new(ChatRole.User, [new UriContent("https://media.example/ref.jpg", "image/jpeg"), new TextContent("Same frame?")]),
        ]
    );

    [Fact]
    public async Task The_request_is_the_specs_shared_context_then_the_prompts_with_the_chat_options()
    {
        var handler = new FakeHttpHandler().ReplyJson(TestClients.TestData("responses", "multilook.json"));
        using var client = TestClients.Create(handler);
        var (context, prompts) = SpecConversation();
        var options = new ChatOptions { MaxOutputTokens = 256, Temperature = 0.7f }
            .WithReasoningEffort("low")
            .WithVisionConfig(new Dictionary<string, object?> { ["annotation_format"] = "clip" });

        await client.GetMultilookResponseAsync(context, prompts, options, answersPerPrompt: 3, Token);

        Assert.EndsWith("/v1/chat/completions/multilook", handler.LastRequest.Uri.AbsolutePath, StringComparison.Ordinal);
        Assert.True(handler.LastRequest.Headers.ContainsKey("Authorization"));
        var expected = TestClients.TestData("requests", "multilook.json").Replace("https://…/", "https://media.example/", StringComparison.Ordinal);
        JsonAssert.Equal(expected, handler.LastRequest.Body!);
    }

    [Fact]
    public async Task The_specs_reply_gives_each_prompt_its_answers_or_its_typed_error_and_the_calls_usage()
    {
        var handler = new FakeHttpHandler().ReplyJson(TestClients.TestData("responses", "multilook.json"));
        using var client = TestClients.Create(handler);
        var (context, prompts) = SpecConversation();

        var reply = await client.GetMultilookResponseAsync(context, prompts, new ChatOptions { Temperature = 0.7f }, answersPerPrompt: 2, Token);

        Assert.Equal("mlcmpl-…", reply.ResponseId);
        Assert.Equal("perceptron-mk1.5", reply.ModelId);
        Assert.Equal(2, reply.Results.Count);
        var answered = reply.Results[0];
        Assert.True(answered.Succeeded);
        Assert.Equal("Yes, at 00:04.", answered.Response!.Text);
        Assert.Equal(ChatFinishReason.Stop, answered.Response.FinishReason);
        Assert.Equal(7, answered.Response.Usage!.OutputTokenCount);
        var choices = Assert.IsType<List<ChatMessage>>(answered.Response.AdditionalProperties!["choices"]);
        Assert.Equal(["Yes, at 00:04.", "Yes."], choices.Select(c => c.Text));
        Assert.Equal("…", Assert.Single(choices[1].Contents.OfType<TextReasoningContent>()).Text);

        var failed = reply.Results[1];
        Assert.False(failed.Succeeded);
        Assert.Null(failed.Response);
        var error = Assert.IsType<ChatInvalidRequestException>(failed.Error);
        Assert.Contains("Could not fetch image at … (HTTP 404).", error.Message, StringComparison.Ordinal);
        Assert.Contains("prompt 1", error.Message, StringComparison.Ordinal);
        Assert.Equal("invalid_request_error", error.ErrorType);

        Assert.Equal(17120, reply.Usage!.InputTokenCount);
        Assert.Equal(7, reply.Usage.OutputTokenCount);
        Assert.Equal(17127, reply.Usage.TotalTokenCount);
        Assert.Equal(8440, reply.Usage.CachedInputTokenCount);
    }

    [Theory]
    [InlineData("""{"id":"m","object":"chat.completion.multilook","results":[]}""", "without results")]
    [InlineData("""{"id":"m","object":"chat.completion.multilook","results":[{"prompt_index":5,"completions":[]}]}""", "was not sent")]
    public async Task A_reply_without_results_or_for_prompts_not_sent_is_a_server_error(string body, string message)
    {
        using var client = TestClients.Create(new FakeHttpHandler().ReplyJson(body));
        var e = await Assert.ThrowsAsync<ChatServerException>(() => client.GetMultilookResponseAsync([], [new(ChatRole.User, "a")], cancellationToken: Token));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_prompt_the_reply_leaves_out_is_an_error_in_its_place_not_a_gap()
    {
        using var client = TestClients.Create(new FakeHttpHandler().ReplyJson(
            """{"id":"m","object":"chat.completion.multilook","results":[{"prompt_index":1,"completions":[{"index":0,"message":{"role":"assistant","content":"B"},"finish_reason":"stop"}]}]}"""));

        var reply = await client.GetMultilookResponseAsync([], [new(ChatRole.User, "a"), new(ChatRole.User, "b")], cancellationToken: Token);

        Assert.IsType<ChatServerException>(reply.Results[0].Error);
        Assert.Equal("B", reply.Results[1].Response!.Text);
    }

    [Fact]
    public async Task What_multilook_refuses_fails_before_sending_naming_it()
    {
        var handler = new FakeHttpHandler();
        using var client = TestClients.Create(handler);
        List<ChatMessage> one = [new(ChatRole.User, "a")];

        await Assert.ThrowsAsync<ArgumentException>(() => client.GetMultilookResponseAsync([], [.. Enumerable.Repeat(new ChatMessage(ChatRole.User, "a"), 17)], cancellationToken: Token));
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetMultilookResponseAsync([], [], cancellationToken: Token));
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetMultilookResponseAsync([], [new(ChatRole.Assistant, "a")], cancellationToken: Token));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.GetMultilookResponseAsync([], one, new ChatOptions { Temperature = 1 }, answersPerPrompt: 9, Token));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.GetMultilookResponseAsync([], [.. Enumerable.Repeat(new ChatMessage(ChatRole.User, "a"), 9)], new ChatOptions { Temperature = 1 }, answersPerPrompt: 8, Token));
        var temperature = await Assert.ThrowsAsync<ArgumentException>(() => client.GetMultilookResponseAsync([], one, answersPerPrompt: 2, cancellationToken: Token));
        Assert.Contains("Temperature", temperature.Message, StringComparison.Ordinal);
        var tools = await Assert.ThrowsAsync<NotSupportedException>(() => client.GetMultilookResponseAsync([], one, new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "f")] }, cancellationToken: Token));
        Assert.Contains("'tools'", tools.Message, StringComparison.Ordinal);
        var toolTurn = await Assert.ThrowsAsync<NotSupportedException>(() => client.GetMultilookResponseAsync(
            [new(ChatRole.Assistant, [new FunctionCallContent("c1", "f")]), new(ChatRole.Tool, [new FunctionResultContent("c1", "r")])], one, cancellationToken: Token));
        Assert.Contains("context message 0", toolTurn.Message, StringComparison.Ordinal);
        var regex = await Assert.ThrowsAsync<NotSupportedException>(() => client.GetMultilookResponseAsync([], one, new ChatOptions().WithRegex("[a-z]+"), cancellationToken: Token));
        Assert.Contains("'regex'", regex.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task On_the_emulator_each_prompt_is_answered_against_the_shared_scene_and_a_prompt_whose_image_is_missing_fails_alone()
    {
        var scene = SceneGenerator.Generate(new SceneOptions { Width = 400, Height = 300, Seed = 51, RandomObjects = 2, Required = { ("red", SceneShape.Circle), ("red", SceneShape.Circle) } });
        using var client = new PerceptronChatClient(new PerceptronClientOptions { Endpoint = _server.PerceptronEndpoint, ApiKey = "emulator-key" });
        List<ChatMessage> context = [new(ChatRole.User, [new DataContent(scene.Png, "image/png")])];
        var missing = new Uri(_server.BaseAddress, "missing.png");
        List<ChatMessage> prompts =
        [
            new(ChatRole.User, "How many red circles are there? Point to each."),
            new(ChatRole.User, [new UriContent(missing, "image/png"), new TextContent("Is it the same scene?")]),
            new(ChatRole.User, "Describe the image."),
        ];

        var reply = await client.GetMultilookResponseAsync(context, prompts, new ChatOptions().WithHints(PerceptronHints.Point), cancellationToken: Token);

        var circles = scene.Where("red", SceneShape.Circle).ToList();
        var counted = reply.Results[0].Response!;
        var grounding = Assert.Single(counted.GetGrounding());
        Assert.Equal(new ImageSize(400, 300), grounding.ImageSize); // the context's image: grounding counts it as in chat
        var points = grounding.Leaves.OfType<PointAnnotation>().Select(p => grounding.ToPixels(p)!.Value).ToList();
        Assert.Equal(circles.Count, points.Count);
        Assert.All(points, p => Assert.Contains(circles, c => c.Contains(p.X, p.Y)));
        var error = Assert.IsType<ChatInvalidRequestException>(reply.Results[1].Error);
        Assert.Contains("Could not fetch image at", error.Message, StringComparison.Ordinal);
        Assert.Contains("shapes", reply.Results[2].Response!.Text, StringComparison.Ordinal);
        Assert.True(reply.Usage!.CachedInputTokenCount > 0);

        // The emulator got one request: the shared context once, the prompts beside it, the default model.
        var body = System.Text.Json.Nodes.JsonNode.Parse(_server.RequestLog.Last("/v1/chat/completions/multilook")!.Body!)!;
        Assert.Equal("perceptron-mk1.5", body["model"]!.GetValue<string>());
        Assert.Equal(3, body["prompts"]!.AsArray().Count);
        Assert.Equal("How many red circles are there? Point to each.", body["prompts"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task A_model_without_multilook_and_every_prompt_failing_are_errors_of_the_whole_call()
    {
        using var client = new PerceptronChatClient(new PerceptronClientOptions { Endpoint = _server.PerceptronEndpoint, ApiKey = "emulator-key", DefaultModelId = "isaac-0.1" });
        var model = await Assert.ThrowsAsync<ChatInvalidRequestException>(() => client.GetMultilookResponseAsync([], [new(ChatRole.User, "a")], cancellationToken: Token));
        Assert.Contains("does not support multilook", model.Message, StringComparison.Ordinal);

        using var current = new PerceptronChatClient(new PerceptronClientOptions { Endpoint = _server.PerceptronEndpoint, ApiKey = "emulator-key" });
        var all = await Assert.ThrowsAsync<ChatInvalidRequestException>(() => current.GetMultilookResponseAsync(
            [], [new(ChatRole.User, [new UriContent(new Uri(_server.BaseAddress, "gone.png"), "image/png"), new TextContent("?")])], cancellationToken: Token));
        Assert.Equal(HttpStatusCode.BadRequest, all.StatusCode);
    }
}
