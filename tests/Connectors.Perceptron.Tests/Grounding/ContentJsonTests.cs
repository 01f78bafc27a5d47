using System.Text.Json;
using Connectors.Perceptron.Grounding;
using Microsoft.Extensions.AI;

namespace Connectors.Perceptron.Tests.Grounding;

public class ContentJsonTests
{
    [Fact]
    public void ChatHistoryWithGroundingRoundTrips()
    {
        var parsed = GroundingParser.Parse(Fixtures.Read("collection-tracks-clip.txt") + Fixtures.Read("docs-canonical.txt"));
        var grounding = new GroundingContent(parsed.Annotations) { ImageIndex = 1, ImageSize = new ImageSize(640, 480) };
        List<ChatMessage> history =
        [
            new(ChatRole.User, "Where are the players?"),
            new(ChatRole.Assistant, [new TextContent(parsed.Text), grounding]),
        ];
        var options = GroundingJson.AddGroundingTypes(new JsonSerializerOptions(AIJsonUtilities.DefaultOptions));

        var json = JsonSerializer.Serialize(history, options);
        var back = JsonSerializer.Deserialize<List<ChatMessage>>(json, options)!;

        Assert.Contains(GroundingJson.ContentTypeDiscriminator, json, StringComparison.Ordinal);
        var restored = Assert.Single(back[1].GetGrounding());
        GroundingAssert.Equal(parsed.Annotations, restored.Items);
        GroundingAssert.Equal(parsed.Leaves, restored.Leaves);
        Assert.Equal(1, restored.ImageIndex);
        Assert.Equal(new ImageSize(640, 480), restored.ImageSize);
        Assert.Equal(parsed.Text, back[1].Text);
    }

    [Fact]
    public void DefaultOptionsAreReadyToUse()
    {
        var content = new GroundingContent([new PointAnnotation(new GridPoint(1, 2)) { Mention = "x" }]);

        var json = JsonSerializer.Serialize<AIContent>(content, GroundingJson.DefaultOptions);
        var back = Assert.IsType<GroundingContent>(JsonSerializer.Deserialize<AIContent>(json, GroundingJson.DefaultOptions));

        GroundingAssert.Equal(content.Items, back.Items);
        Assert.Null(back.ImageSize);
    }

    [Fact]
    public void PixelsOnlyForTheImageWithAKnownSize()
    {
        var box = new BoxAnnotation(new GridBox(new GridPoint(100, 100), new GridPoint(500, 500)));
        var other = new BoxAnnotation(box.Box) { AssetIndex = 0 };
        var content = new GroundingContent([box, other]) { ImageIndex = 2, ImageSize = new ImageSize(200, 100) };

        Assert.Equal(new PixelBox(new PixelPoint(20, 10), new PixelPoint(100, 50)), content.ToPixels(box));
        Assert.Null(content.ToPixels(other));
        Assert.Equal(content.ToPixels(box), content.ToPixels(new BoxAnnotation(box.Box) { AssetIndex = 2 }));
        Assert.Null(new GroundingContent([box]).ToPixels(box));
        Assert.Equal(new PixelPoint(100, 50), content.ToPixels(new PointAnnotation(new GridPoint(500, 500))));
    }

    [Fact]
    public void GetGroundingFindsContentInResponsesAndMessages()
    {
        var first = new GroundingContent([]);
        var second = new GroundingContent([]);
        var response = new ChatResponse(
        [
            new ChatMessage(ChatRole.Assistant, [new TextContent("a"), first]),
            new ChatMessage(ChatRole.Assistant, [second]),
        ]);

        Assert.Equal([first, second], response.GetGrounding());
        Assert.Empty(new ChatMessage(ChatRole.User, "no grounding").GetGrounding());
    }
}
