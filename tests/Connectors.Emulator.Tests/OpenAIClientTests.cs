using System.ClientModel;
using OpenAI;
using OpenAI.Chat;

namespace Connectors.Emulator.Tests;

/// <summary>The official OpenAI .NET client talks to the Perceptron routes: proof the emulator speaks standard OpenAI JSON and SSE.</summary>
public sealed class OpenAIClientTests : EmulatorTestBase
{
    private ChatClient Client(string model = "perceptron-mk1.5") =>
        new(model, new ApiKeyCredential("k"), new OpenAIClientOptions { Endpoint = Server.PerceptronEndpoint });

    [Fact]
    public async Task Completes()
    {
        Server.Rules.When("capital", new Rules.RuleReply { Text = "Paris is the capital of France." });
        ChatCompletion completion = await Client().CompleteChatAsync([new UserChatMessage("What is the capital of France?")], cancellationToken: Ct);
        Assert.Equal("Paris is the capital of France.", completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.True(completion.Usage.InputTokenCount > 0);
        Assert.Equal("perceptron-mk1.5", completion.Model);
    }

    [Fact]
    public async Task Streams_text_and_usage()
    {
        Server.Rules.When("capital", new Rules.RuleReply { Text = "Paris is the capital of France." });
        var text = new System.Text.StringBuilder();
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;
        await foreach (var update in Client().CompleteChatStreamingAsync([new UserChatMessage("What is the capital of France?")], cancellationToken: Ct))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            usage ??= update.Usage;
            finish ??= update.FinishReason;
        }

        Assert.Equal("Paris is the capital of France.", text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.NotNull(usage);
        Assert.Equal(usage.InputTokenCount + usage.OutputTokenCount, usage.TotalTokenCount);

        // The client asked for usage in the stream.
        Assert.Contains("include_usage", Server.RequestLog.Last("/v1/chat/completions")!.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Streams_tool_calls()
    {
        Server.Rules.Add(new Rules.EmulatorRule
        {
            Match = new Rules.RuleMatch { HasTools = true },
            Reply = new Rules.RuleReply { ToolCalls = [Rules.RuleToolCall.Create("get_weather", """{"city":"Paris"}""")] },
        });
        var options = new ChatCompletionOptions();
        options.Tools.Add(ChatTool.CreateFunctionTool("get_weather", "Weather of a city", BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""")));
        var name = "";
        var args = new System.Text.StringBuilder();
        ChatFinishReason? finish = null;
        await foreach (var update in Client().CompleteChatStreamingAsync([new UserChatMessage("weather?")], options, Ct))
        {
            foreach (var call in update.ToolCallUpdates)
            {
                name += call.FunctionName;
                args.Append(call.FunctionArgumentsUpdate?.ToString());
            }

            finish ??= update.FinishReason;
        }

        Assert.Equal("get_weather", name);
        Assert.Equal("""{"city":"Paris"}""", args.ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, finish);
    }

    [Fact]
    public async Task Surfaces_emulated_errors()
    {
        var ex = await Assert.ThrowsAsync<ClientResultException>(() => Client("no-such-model").CompleteChatAsync([new UserChatMessage("hi")], cancellationToken: Ct));
        Assert.Equal(404, ex.Status);
    }
}
