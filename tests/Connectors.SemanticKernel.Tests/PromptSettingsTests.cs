using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Emulator;
using Connectors.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace Connectors.SemanticKernel.Tests;

/// <summary>
/// Semantic Kernel prompt settings reach the wire: SK turns unknown extension data into <c>ChatOptions.AdditionalProperties</c>,
/// which the clients send (hints as a system hint tag, the rest as top-level fields).
/// </summary>
public sealed class PromptSettingsTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Perceptron_settings_from_code_reach_the_emulator()
    {
        await using var server = await EmulatorServer.StartAsync(cancellationToken: Token);
        var builder = Kernel.CreateBuilder();
        builder.AddPerceptronChatClient(o => (o.Endpoint, o.ApiKey) = (server.PerceptronEndpoint, "emulator-key"));
        var kernel = builder.Build();

        var settings = new PromptExecutionSettings
        {
            ExtensionData = new Dictionary<string, object> { ["top_k"] = 5, ["hints"] = "BOX THINK", ["temperature"] = 0.25, ["reasoning_effort"] = "low" },
        };
        await kernel.InvokePromptAsync("Say hello", new KernelArguments(settings), cancellationToken: Token);

        var body = JsonNode.Parse(server.RequestLog.Entries.Single(e => e.Path == "/v1/chat/completions").Body!)!;
        Assert.Equal(5, body["top_k"]!.GetValue<int>());
        Assert.Equal(0.25, body["temperature"]!.GetValue<double>(), 3);
        Assert.Equal("low", body["reasoning_effort"]!.GetValue<string>());
        Assert.Equal("system", body["messages"]![0]!["role"]!.GetValue<string>());
        Assert.Equal("<hint>BOX THINK</hint>", body["messages"]![0]!["content"]!.GetValue<string>());
        Assert.Null(body["hints"]);
    }

    [Fact]
    public async Task Settings_loaded_from_json_reach_the_JamAI_wire_including_rag_params()
    {
        var handler = new FakeHttpHandler().ReplyJson(RegistrationTests.Completion("From the table."));
        var builder = Kernel.CreateBuilder();
        builder.AddJamAIChatClient(o => (o.Endpoint, o.Token) = (new Uri("https://jamai.example.test/api"), "jamai-token"));
        builder.Services.AddHttpClient(JamAIServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        var kernel = builder.Build();

        // As a prompt template's execution settings would be written in JSON or YAML.
        var settings = JsonSerializer.Deserialize<PromptExecutionSettings>(
            """{ "model_id": "openai/gpt-4o-mini", "temperature": 0.1, "top_k": 3, "rag_params": { "table_id": "kb_policies", "k": 2 } }""")!;
        var result = await kernel.InvokePromptAsync("What is the refund policy?", new KernelArguments(settings), cancellationToken: Token);

        Assert.Equal("From the table.", result.ToString());
        var body = handler.LastRequest.Json;
        Assert.Equal("openai/gpt-4o-mini", body["model"]!.GetValue<string>());
        Assert.Equal(0.1, body["temperature"]!.GetValue<double>(), 3);
        Assert.Null(body["top_k"]); // the gateway drops top_k, so the JamAI client leaves it out (see JamAIChatClient)
        JsonAssert.Equal("""{"table_id":"kb_policies","k":2}""", body["rag_params"]!.ToJsonString());
    }

    [Fact]
    public async Task Perceptron_hints_as_a_json_array_reach_the_wire()
    {
        await using var server = await EmulatorServer.StartAsync(cancellationToken: Token);
        var builder = Kernel.CreateBuilder();
        builder.AddPerceptronChatClient(o => (o.Endpoint, o.ApiKey) = (server.PerceptronEndpoint, "emulator-key"));
        var kernel = builder.Build();

        var settings = JsonSerializer.Deserialize<PromptExecutionSettings>("""{ "hints": ["POINT", "THINK"], "top_p": 0.9 }""")!;
        await kernel.InvokePromptAsync("Where is it?", new KernelArguments(settings), cancellationToken: Token);

        var body = JsonNode.Parse(server.RequestLog.Entries.Single(e => e.Path == "/v1/chat/completions").Body!)!;
        Assert.Equal("<hint>POINT THINK</hint>", body["messages"]![0]!["content"]!.GetValue<string>());
        Assert.Equal(0.9, body["top_p"]!.GetValue<double>(), 3);
    }
}
