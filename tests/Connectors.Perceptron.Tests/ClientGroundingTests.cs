using Connectors.Perceptron.Grounding;
using Connectors.Tests;
using Microsoft.Extensions.AI;
using SkiaSharp;

namespace Connectors.Perceptron.Tests;

public class ClientGroundingTests
{
    private const string Answer = """There are 2 cars: <point_box mention="car"> (100,200) (300,400) </point_box> and <point mention="car" asset_idx="0"> (500,500) </point>.""";

    private static byte[] Png(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static List<ChatMessage> TwoImages() =>
        [new(ChatRole.User, [new DataContent(Png(100, 50), "image/png"), new DataContent(Png(640, 480), "image/png"), new TextContent("Find the cars")])];

    private static string Json(string content) =>
        System.Text.Json.JsonSerializer.Serialize(new System.Text.Json.Nodes.JsonObject
        {
            ["id"] = "g1",
            ["choices"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
            {
                ["index"] = 0,
                ["message"] = new System.Text.Json.Nodes.JsonObject { ["role"] = "assistant", ["content"] = content },
                ["finish_reason"] = "stop",
            }),
        });

    private static string Sse(string content, int chunkSize)
    {
        var events = new System.Text.StringBuilder();
        for (var i = 0; i < content.Length; i += chunkSize)
        {
            var piece = content.Substring(i, Math.Min(chunkSize, content.Length - i));
            var chunk = new System.Text.Json.Nodes.JsonObject
            {
                ["id"] = "g1",
                ["choices"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["index"] = 0, ["delta"] = new System.Text.Json.Nodes.JsonObject { ["content"] = piece } }),
            };
            events.Append("data: ").Append(chunk.ToJsonString()).Append("\n\n");
        }

        return events.Append("data: {\"id\":\"g1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n").ToString();
    }

    [Fact]
    public async Task Responses_carry_grounding_per_image_in_grid_and_pixels_with_raw_text_unchanged()
    {
        using var client = TestClients.Create(new FakeHttpHandler().ReplyJson(Json(Answer)));
        var response = await client.GetResponseAsync(TwoImages());

        Assert.Equal(Answer, response.Text);
        var grounding = response.GetGrounding();
        Assert.Equal(2, grounding.Count);

        var last = grounding.Single(g => g.ImageIndex == 1);
        Assert.Equal(new ImageSize(640, 480), last.ImageSize);
        var box = Assert.IsType<BoxAnnotation>(Assert.Single(last.Leaves));
        Assert.Equal("car", box.Mention);
        Assert.Equal(new PixelBox(new PixelPoint(64, 96), new PixelPoint(192, 192)), last.ToPixels(box));

        var first = grounding.Single(g => g.ImageIndex == 0);
        var point = Assert.IsType<PointAnnotation>(Assert.Single(first.Leaves));
        Assert.Equal(new PixelPoint(50, 25), first.ToPixels(point));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(17)]
    public async Task Streaming_emits_each_annotation_when_its_tag_closes_and_coalesces_to_the_same_grounding(int chunkSize)
    {
        using var streaming = TestClients.Create(new FakeHttpHandler().ReplySse(Sse(Answer, chunkSize)));
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in streaming.GetStreamingResponseAsync(TwoImages()))
        {
            updates.Add(update);
        }

        var boxUpdate = updates.First(u => u.Contents.OfType<GroundingContent>().Any(g => g.Leaves.Any(l => l is BoxAnnotation)));
        var textBefore = string.Concat(updates.TakeWhile(u => u != boxUpdate).Select(u => u.Text));
        Assert.DoesNotContain("</point_box>", textBefore, StringComparison.Ordinal);
        Assert.Contains("</point_box>", textBefore + boxUpdate.Text, StringComparison.Ordinal);

        using var whole = TestClients.Create(new FakeHttpHandler().ReplyJson(Json(Answer)));
        var expected = await whole.GetResponseAsync(TwoImages());
        var actual = updates.ToChatResponse();

        Assert.Equal(expected.Text, actual.Text);
        Assert.Equal(Leaves(expected), Leaves(actual));
    }

    [Fact]
    public async Task Text_without_tags_gets_no_grounding()
    {
        using var client = TestClients.Create(new FakeHttpHandler().ReplyJson(Json("Just words < and > here.")));
        var response = await client.GetResponseAsync(TestClients.Ask("x"));
        Assert.Empty(response.GetGrounding());
    }

    private static List<string> Leaves(ChatResponse response) =>
        [.. response.GetGrounding().SelectMany(g => g.Leaves.Select(l => $"{g.ImageIndex}:{g.ImageSize}:{l}"))];
}
