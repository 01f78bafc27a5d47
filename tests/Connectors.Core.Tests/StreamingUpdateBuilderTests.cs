using System.Text;
using Connectors.Core.Responses;
using Microsoft.Extensions.AI;

namespace Connectors.Core.Tests;

public class StreamingUpdateBuilderTests
{
    private static ChatResponseUpdate Map(string json, List<ChatResponseUpdate> others)
    {
        var chunk = System.Text.Json.JsonSerializer.Deserialize(Encoding.UTF8.GetBytes(json), Wire.CoreJsonContext.Default.ChatCompletionResponse);
        return new StreamingUpdateBuilder().FromChunk(chunk!, others);
    }

    [Fact]
    public void Reasoning_and_text_of_one_delta_arrive_in_order()
    {
        var update = Map("""{"id":"c1","choices":[{"index":0,"delta":{"reasoning_content":"think","content":"say"}}]}""", []);

        Assert.Collection(
            update.Contents,
            c => Assert.Equal("think", Assert.IsType<TextReasoningContent>(c).Text),
            c => Assert.Equal("say", Assert.IsType<TextContent>(c).Text));
        update.Contents.Add(new TextContent("more")); // the list stays growable for what interpreters add
        Assert.Equal(3, update.Contents.Count);
    }

    [Fact]
    public void Two_deltas_for_the_first_choice_are_both_kept()
    {
        var update = Map("""{"id":"c1","choices":[{"index":0,"delta":{"content":"a"}},{"index":0,"delta":{"content":"b"}}]}""", []);

        Assert.Equal(["a", "b"], update.Contents.OfType<TextContent>().Select(t => t.Text));
    }

    [Fact]
    public void Further_choices_become_their_own_updates()
    {
        var others = new List<ChatResponseUpdate>();
        var update = Map("""{"id":"c1","choices":[{"index":0,"delta":{"content":"a"}},{"index":1,"delta":{"content":"b"}}]}""", others);

        Assert.Equal("a", Assert.IsType<TextContent>(Assert.Single(update.Contents)).Text);
        var other = Assert.Single(others);
        Assert.Equal("c1-1", other.MessageId);
        Assert.Equal("b", Assert.IsType<TextContent>(Assert.Single(other.Contents)).Text);
    }

    [Fact]
    public void A_delta_without_text_adds_no_contents()
    {
        var update = Map("""{"id":"c1","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":"stop"}]}""", []);

        Assert.Empty(update.Contents);
        Assert.Equal(ChatFinishReason.Stop, update.FinishReason);
    }
}
