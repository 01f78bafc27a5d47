using Connectors.Conformance.Tests.Schema;
using Connectors.Emulator.Rules;
using Microsoft.Extensions.AI;

namespace Connectors.Conformance.Tests.Conformance;

/// <summary>The OpenAI-compatible options, sent for real, still make a request the OpenAI schema accepts.</summary>
public abstract partial class ChatClientConformanceTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_request_with_the_common_options_matches_the_OpenAI_schema(bool streaming)
    {
        When("all options", new RuleReply { Text = "Fine." });
        using var client = CreateClient(Http);
        var options = new ChatOptions
        {
            Instructions = "Answer briefly.",
            Temperature = 0.7f,
            TopP = 0.9f,
            MaxOutputTokens = 100,
            FrequencyPenalty = 0.1f,
            PresencePenalty = 0.2f,
            Tools = [Weather, Location],
            ToolMode = ChatToolMode.Auto,
        };
        List<ChatMessage> messages = [new(ChatRole.System, "You are terse."), new(ChatRole.User, "Hi"), new(ChatRole.Assistant, "Hello."), new(ChatRole.User, "all options")];

        await GetAsync(client, messages, options, streaming);
        await GetAsync(client, messages, new ChatOptions { ToolMode = ChatToolMode.None, Tools = [Weather] }, streaming);

        var bodies = Recorder.ChatBodies;
        Assert.Equal(2, bodies.Count);
        var first = SentBodies()[0];
        foreach (var field in new[] { "temperature", "top_p", "frequency_penalty", "presence_penalty", "tools", "messages", "model" })
        {
            Assert.True(first.ContainsKey(field), $"the request should carry {field}: {bodies[0]}");
        }

        Assert.True(first.ContainsKey("max_tokens") || first.ContainsKey("max_completion_tokens"), bodies[0]);
        Assert.Equal(streaming && StreamsRequestsWithTools, first["stream"]?.GetValue<bool>() ?? false);
        foreach (var body in bodies)
        {
            await OpenApiRequestValidator.AssertValidAsync(body, IsDocumentedDeviation);
        }
    }
}
