using System.Globalization;
using Connectors.Emulator;
using Connectors.Emulator.Rules;
using Connectors.JamAI;
using Connectors.Perceptron;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;

namespace Connectors.SemanticKernel.Tests;

/// <summary>
/// An agent whose chat model is JamAI (scripted by emulator rules) calls <c>Vision_CountObjects</c>, which Perceptron (the
/// emulator's real scene analysis) answers; the final answer carries the count taken from the folded tool result.
/// </summary>
public sealed class AgentEndToEndTests : IAsyncLifetime
{
    private EmulatorServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await EmulatorServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>
    /// The JamAI model's script: asked how many red circles, it calls the tool; shown the folded tool result, it answers
    /// with the count it reads there (the rule repeats the number its pattern captured from the real result).
    /// </summary>
    private void ScriptJamAI(string image)
    {
        _server.Rules.Add(new EmulatorRule
        {
            Name = "answer from the tool result",
            Match = new RuleMatch { Dialect = EmulatorDialect.JamAI, Text = "<tool_result [^>]*name=\"Vision_CountObjects\"[^>]*>.*\"count\":(?<count>\\d+)[,}]" },
            Reply = new RuleReply { Text = "I counted ${count} red circles in the picture." },
        });

        _server.Rules.Add(new EmulatorRule
        {
            Name = "call the tool",
            Match = new RuleMatch { Dialect = EmulatorDialect.JamAI, Text = "how many red circles", HasTools = true },
            Reply = new RuleReply { ToolCalls = [RuleToolCall.Create("Vision_CountObjects", $$"""{"image":"{{image}}","objects":"red circles"}""")] },
        });
    }

    private static int CountIn(string answer)
    {
        var match = System.Text.RegularExpressions.Regex.Match(answer, @"I counted (\d+) red circles");
        Assert.True(match.Success, $"Unexpected final answer: {answer}");
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData(2, 11)]
    [InlineData(5, 12)]
    public async Task A_kernel_with_a_JamAI_chat_model_answers_with_the_true_count_from_the_Vision_plugin(int circles, int seed)
    {
        var scene = TestImages.RedCircles(circles, seed);
        ScriptJamAI("scene");
        var builder = Kernel.CreateBuilder();

        // Semantic Kernel answers prompts with the chat service added last: the vision client first, the chat model after it.
        builder.AddPerceptronChatClient(o => (o.Endpoint, o.ApiKey) = (_server.PerceptronEndpoint, "emulator-key"), serviceId: "vision");
        builder.AddJamAIChatClient(o => (o.Endpoint, o.Token) = (_server.JamAIEndpoint, "emulator-token"));
        builder.AddVisionPlugin("vision");
        var kernel = builder.Build();
        kernel.GetRequiredService<VisionPlugin>().AddImage(scene.Png, "scene");

        var result = await kernel.InvokePromptAsync(
            "How many red circles are in the image 'scene'?",
            new KernelArguments(new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() }),
            cancellationToken: Token);

        var truth = scene.Where("red", Emulator.Scenes.SceneShape.Circle).Count();
        Assert.Equal(circles, truth);
        Assert.Equal(truth, CountIn(result.ToString()));

        // The tool really went to Perceptron with the vendor's counting prompt and hints.
        var perceptron = Assert.Single(_server.RequestLog.Entries, e => e.Path == "/v1/chat/completions");
        Assert.Contains("How many red circles are there? Point to each.", perceptron.Body, StringComparison.Ordinal);
        Assert.Contains("<hint>POINT THINK</hint>", perceptron.Body, StringComparison.Ordinal);
        var jamai = _server.RequestLog.Entries.Where(e => e.Path == "/api/v1/chat/completions").ToList();
        Assert.Equal(2, jamai.Count);
        Assert.Contains("\"Vision_CountObjects\"", jamai[0].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ChatClientAgent_counts_the_red_circles_of_the_image_in_its_conversation()
    {
        var scene = TestImages.RedCircles(4, 21);
        ScriptJamAI("latest");
        using var perceptron = new PerceptronChatClient(new PerceptronClientOptions { Endpoint = _server.PerceptronEndpoint, ApiKey = "emulator-key" });
        using var jamai = new JamAIChatClient(new JamAIClientOptions { Endpoint = _server.JamAIEndpoint, Token = "emulator-token" });
        var vision = new VisionPlugin(perceptron).AsAITools();

        // Detailed errors let the model read why a call was refused (the plugin's messages hold no secrets).
        using var chat = jamai.AsBuilder().UseFunctionInvocation(configure: f => f.IncludeDetailedErrors = true).Build();
        var agent = new ChatClientAgent(chat, instructions: "Use the Vision tools to look at images.", name: "counter", tools: vision);

        var response = await agent.RunAsync(
            new ChatMessage(ChatRole.User, [new DataContent(scene.Png, "image/png"), new Microsoft.Extensions.AI.TextContent("How many red circles are there?")]),
            cancellationToken: Token);

        Assert.Equal(scene.Where("red", Emulator.Scenes.SceneShape.Circle).Count(), CountIn(response.Text));
        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<Microsoft.Extensions.AI.FunctionResultContent>());
        Assert.Null(call.Exception);
    }

    [Fact]
    public async Task A_bad_image_reference_reaches_the_model_as_a_readable_error()
    {
        _server.Rules.Add(new EmulatorRule
        {
            Match = new RuleMatch { Dialect = EmulatorDialect.JamAI, Text = "<tool_result [^>]*>Error: (.*)</tool_result>" },
            Reply = new RuleReply { Text = "The tool refused the image." },
        });
        _server.Rules.Add(new EmulatorRule
        {
            Match = new RuleMatch { Dialect = EmulatorDialect.JamAI, Text = "how many red circles", HasTools = true },
            Reply = new RuleReply { ToolCalls = [RuleToolCall.Create("Vision_CountObjects", """{"image":"/etc/passwd","objects":"red circles"}""")] },
        });
        var builder = Kernel.CreateBuilder();

        // Semantic Kernel answers prompts with the chat service added last: the vision client first, the chat model after it.
        builder.AddPerceptronChatClient(o => (o.Endpoint, o.ApiKey) = (_server.PerceptronEndpoint, "emulator-key"), serviceId: "vision");
        builder.AddJamAIChatClient(o => (o.Endpoint, o.Token) = (_server.JamAIEndpoint, "emulator-token"));
        builder.AddVisionPlugin("vision");

        var result = await builder.Build().InvokePromptAsync(
            "How many red circles are in /etc/passwd?",
            new KernelArguments(new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() }),
            cancellationToken: Token);

        Assert.Equal("The tool refused the image.", result.ToString());
        var folded = _server.RequestLog.Entries.Last(e => e.Path == "/api/v1/chat/completions").Body;
        Assert.Contains("allows no local image files", folded, StringComparison.Ordinal);
        Assert.DoesNotContain(_server.RequestLog.Entries, e => e.Path == "/v1/chat/completions");
    }
}
