using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Emulator;
using Connectors.Emulator.Rules;
using Connectors.Emulator.Scenes;
using Connectors.Perceptron;
using Connectors.Perceptron.Grounding;
using Microsoft.Extensions.AI;

namespace Connectors.Conformance.Tests.Conformance;

/// <summary>The conformance checklist for <see cref="PerceptronChatClient"/>.</summary>
public sealed class PerceptronConformanceTests : ChatClientConformanceTests
{
    private const string Key = "perceptron-conformance-secret";

    protected override EmulatorDialect Dialect => EmulatorDialect.Perceptron;

    protected override string ProviderName => "perceptron";

    protected override string DefaultModelId => PerceptronClientOptions.DefaultModel;

    protected override Uri Endpoint => Server.PerceptronEndpoint;

    protected override Type OptionsType => typeof(PerceptronClientOptions);

    protected override string Secret => Key;

    protected override JsonSerializerOptions ProviderJsonOptions => GroundingJson.DefaultOptions;

    protected override IChatClient CreateClient(HttpClient httpClient) => new PerceptronChatClient(
        new PerceptronClientOptions { Endpoint = Server.PerceptronEndpoint, ApiKey = Key, Resilience = new() { RetriesEnabled = false } },
        httpClient);

    protected override (List<ChatMessage> Messages, ChatOptions Options) ProviderContentRequest()
    {
        var scene = new SceneOptions { Width = 320, Height = 240, Seed = 7, RandomObjects = 0, Required = { ("red", SceneShape.Circle), ("red", SceneShape.Circle) } };
        var png = SceneGenerator.Generate(scene).Png;
        return (
            [new(ChatRole.User, [new DataContent(png, "image/png"), new TextContent("How many red circles are there? Point to each.")])],
            new ChatOptions().WithHints(PerceptronHints.Point));
    }

    protected override void AssertProviderContent(ChatResponse response)
    {
        Assert.Contains("2", response.Text, StringComparison.Ordinal);
        // A streamed answer carries one GroundingContent per closed tag, a non-streamed one a single content.
        var grounding = response.GetGrounding();
        Assert.All(grounding, g => Assert.Equal(new ImageSize(320, 240), g.ImageSize));
        var points = grounding.SelectMany(g => g.Leaves.OfType<PointAnnotation>().Select(p => g.ToPixels(p))).ToList();
        Assert.Equal(2, points.Count);
        Assert.All(points, p => Assert.NotNull(p));
    }

    protected override RuleMatch AfterToolResults() => new() { Dialect = EmulatorDialect.Perceptron, HasToolResults = true };

    protected override void AssertCarriesToolResult(JsonObject body, string callId, string functionName, string result)
    {
        var messages = body["messages"]!.AsArray();
        var call = messages.Single(m => m!["tool_calls"]?.AsArray().Any(c => c!["id"]!.GetValue<string>() == callId) == true)!;
        Assert.Equal("assistant", call["role"]!.GetValue<string>());
        var tool = messages.Single(m => m!["role"]!.GetValue<string>() == "tool" && m["tool_call_id"]!.GetValue<string>() == callId)!;
        Assert.Equal(result, tool["content"]!.GetValue<string>());
        Assert.True(messages.IndexOf(call) < messages.IndexOf(tool));
    }

    [Fact]
    public async Task Structured_output_uses_the_native_json_schema_and_deserializes_the_answer()
    {
        Server.Rules.Add(new EmulatorRule { Match = new RuleMatch { Dialect = Dialect }, Reply = new RuleReply { Text = """{"shape":"circle","count":3}""" } });
        using var client = CreateClient(Http);

        var response = await client.GetResponseAsync<ShapeCount>("How many circles?", cancellationToken: Ct);

        Assert.Equal(new ShapeCount("circle", 3), response.Result);
        var format = SentBodies().Single()["response_format"]!;
        Assert.Equal("json_schema", format["type"]!.GetValue<string>());
        Assert.Equal("ShapeCount", format["json_schema"]!["name"]!.GetValue<string>());
        var schema = format["json_schema"]!["schema"]!;
        Assert.Equal("integer", schema["properties"]!["count"]!["type"]!.GetValue<string>());
        Assert.Equal("string", schema["properties"]!["shape"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Structured_output_on_a_model_without_json_schema_fails_with_the_service_error()
    {
        Server.Rules.Add(new EmulatorRule { Match = new RuleMatch { Dialect = Dialect }, Reply = new RuleReply { Text = """{"shape":"circle","count":3}""" } });
        using var client = CreateClient(Http);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync<ShapeCount>("Count", new ChatOptions { ModelId = "isaac-0.1" }, cancellationToken: Ct));

        Assert.Contains("structured output", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
