using Connectors.Emulator.Rules;
using Connectors.Emulator.Scenes;
using Microsoft.Extensions.AI;

namespace Connectors.Conformance.Tests.Conformance;

/// <summary>Plain and streamed chat, usage and image input.</summary>
public abstract partial class ChatClientConformanceTests
{
    [Fact]
    public async Task Plain_chat_returns_the_answer_with_ids_model_and_finish_reason()
    {
        When("conformance ping", new RuleReply { Text = "Pong from the emulator." });
        using var client = CreateClient(Http);

        var response = await client.GetResponseAsync(Ask("conformance ping"), cancellationToken: Ct);

        var message = Assert.Single(response.Messages);
        Assert.Equal(ChatRole.Assistant, message.Role);
        Assert.Equal("Pong from the emulator.", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.False(string.IsNullOrEmpty(response.ResponseId));
        Assert.Equal(DefaultModelId, response.ModelId);
        Assert.NotNull(response.CreatedAt);
        Assert.Equal(DefaultModelId, SentBodies().Single()["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task Streamed_chat_updates_share_ids_and_coalesce_to_the_non_streamed_response()
    {
        When("stream please", new RuleReply { Text = "One two three four five six seven.", ChunkSize = 5 });
        using var client = CreateClient(Http);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(Ask("stream please"), cancellationToken: Ct))
        {
            updates.Add(update);
        }

        var streamed = updates.ToChatResponse();
        var plain = await client.GetResponseAsync(Ask("stream please"), cancellationToken: Ct);

        Assert.True(updates.Count(u => u.Text.Length > 0) > 2, "the answer should arrive in several pieces");
        var responseId = Assert.Single(updates.Select(u => u.ResponseId).Distinct());
        Assert.False(string.IsNullOrEmpty(responseId));
        Assert.Single(updates.Select(u => u.MessageId).Distinct());
        Assert.Equal(ChatRole.Assistant, updates[0].Role);
        Assert.Equal(ChatFinishReason.Stop, updates.Last(u => u.FinishReason is not null).FinishReason);
        Assert.Equal(plain.Text, streamed.Text);
        Assert.Equal(plain.FinishReason, streamed.FinishReason);
        Assert.Equal(plain.ModelId, streamed.ModelId);
        Assert.Equal(plain.Usage?.TotalTokenCount, streamed.Usage?.TotalTokenCount);
        Assert.Equal(plain.Messages.Count, streamed.Messages.Count);
        Assert.True(SentBodies()[0]["stream"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Usage_reports_the_service_token_counts(bool streaming)
    {
        When("count my tokens", new RuleReply
        {
            Text = "Counted.",
            Usage = new RuleUsage { PromptTokens = 21, CompletionTokens = 8, ReasoningTokens = 3, CachedTokens = 5 },
        });
        using var client = CreateClient(Http);

        var response = await GetAsync(client, Ask("count my tokens"), null, streaming);

        Assert.NotNull(response.Usage);
        Assert.Equal(21, response.Usage.InputTokenCount);
        Assert.Equal(8, response.Usage.OutputTokenCount);
        Assert.Equal(29, response.Usage.TotalTokenCount);
        Assert.Equal(5, response.Usage.CachedInputTokenCount);
        Assert.Equal(3, response.Usage.ReasoningTokenCount);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Image_input_is_sent_as_an_image_part_and_answered(bool streaming)
    {
        var scene = SceneGenerator.Generate(new SceneOptions { Width = 320, Height = 240, Seed = 4, RandomObjects = 0, Required = { ("blue", SceneShape.Square) } });
        using var client = CreateClient(Http);
        List<ChatMessage> messages = [new(ChatRole.User, [new TextContent("Describe the picture."), new DataContent(scene.Png, "image/png")])];

        var response = await GetAsync(client, messages, null, streaming);

        Assert.Contains("blue square", response.Text, StringComparison.OrdinalIgnoreCase);
        var parts = SentBodies().Single()["messages"]!.AsArray().Last()!["content"]!.AsArray();
        Assert.Equal("Describe the picture.", parts[0]!["text"]!.GetValue<string>());
        Assert.Equal("image_url", parts[1]!["type"]!.GetValue<string>());
        Assert.Equal("data:image/png;base64," + Convert.ToBase64String(scene.Png), parts[1]!["image_url"]!["url"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Provider_content_arrives_plain_and_streamed(bool streaming)
    {
        using var client = CreateClient(Http);
        var (messages, options) = ProviderContentRequest();

        var response = await GetAsync(client, messages, options, streaming);

        AssertProviderContent(response);
    }

    /// <summary>A response, streamed and coalesced or not.</summary>
    protected virtual async Task<ChatResponse> GetAsync(IChatClient client, List<ChatMessage> messages, ChatOptions? options, bool streaming) => streaming
        ? await client.GetStreamingResponseAsync(messages, options, Ct).ToChatResponseAsync(Ct)
        : await client.GetResponseAsync(messages, options, Ct);
}
