using Connectors.Core.Responses;
using Microsoft.Extensions.AI;

namespace Connectors.Core.Tests;

/// <summary>The one-item contents list behaves as a list wherever an interpreter or a caller changes it.</summary>
public class UpdateContentsTests
{
    [Fact]
    public void Grows_shrinks_and_reads_like_a_list()
    {
        TextContent a = new("a"), b = new("b"), c = new("c"), d = new("d");
        IList<AIContent> contents = new UpdateContents(b);
        Assert.Equal([b], contents);

        contents.Insert(0, a);                 // what a preamble's contents do
        contents.Add(d);
        contents.Insert(2, c);
        Assert.Equal([a, b, c, d], contents);
        Assert.Equal(2, contents.IndexOf(c));

        Assert.True(contents.Remove(a));
        contents.RemoveAt(0);
        contents[0] = b;
        Assert.Equal([b, d], contents);

        var copy = new AIContent[3];
        contents.CopyTo(copy, 1);
        Assert.Equal(new AIContent?[] { null, b, d }, copy);

        contents.Clear();
        Assert.Empty(contents);
        contents.Add(a);
        Assert.Same(a, Assert.Single(contents));
        Assert.Throws<ArgumentOutOfRangeException>(() => contents[1]);
        Assert.False(contents.Remove(b));
    }

    [Fact]
    public void A_stream_of_single_texts_coalesces_into_one_message()
    {
        var updates = new[] { "Hel", "lo" }.Select(t => new ChatResponseUpdate { Role = ChatRole.Assistant, MessageId = "m", Contents = new UpdateContents(new TextContent(t)) });
        Assert.Equal("Hello", updates.ToChatResponse().Text);
    }
}
