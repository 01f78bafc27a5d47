using System.Net;
using Connectors.Perceptron.Grounding;
using Connectors.Tests;
using Microsoft.Extensions.AI;
using Moq;

namespace Connectors.SemanticKernel.Tests;

/// <summary>Images from downloads (only when allowed) and from the conversation under function invocation.</summary>
public sealed class ImageSourceTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static FakeHttpHandler Serving(byte[] bytes) =>
        new FakeHttpHandler().ReplyWith(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(bytes) });

    [Fact]
    public async Task With_downloads_allowed_a_url_is_fetched_sniffed_and_given_pixel_coordinates()
    {
        var handler = Serving(TestImages.Png);
        using var http = new HttpClient(handler);
        var mock = new MockPerceptron().Answer("<point_box mention=\"cat\"> (100,200) (300,400) </point_box>", null);
        var plugin = new VisionPlugin(mock.Mock.Object, new VisionPluginOptions { AllowUrlDownload = true, DownloadHttpClient = http });

        var result = await plugin.DetectObjectsAsync("https://images.example.test/cat.png?token=abc", cancellationToken: Token);

        Assert.Equal("https://images.example.test/cat.png?token=abc", handler.LastRequest.Uri.ToString());
        Assert.Equal(TestImages.Png, Assert.IsType<DataContent>(mock.User.Contents[0]).Data.ToArray());
        Assert.Equal(new PixelBox(new(64, 96), new(192, 192)), Assert.Single(result.Objects).PixelBox);
        Assert.Equivalent(new VisionImageInfo("https://images.example.test/cat.png", 640, 480), result.Image, strict: true);
    }

    [Fact]
    public async Task A_download_that_is_not_an_image_or_too_large_or_failing_is_refused()
    {
        var mock = new MockPerceptron().Answer("unused", null);
        async Task<string> Refused(FakeHttpHandler handler, long max = VisionPluginOptions.DefaultMaxImageBytes)
        {
            using var http = new HttpClient(handler);
            var plugin = new VisionPlugin(mock.Mock.Object, new VisionPluginOptions { AllowUrlDownload = true, DownloadHttpClient = http, MaxImageBytes = max });
            return (await Assert.ThrowsAsync<ImageReferenceException>(() => plugin.CountObjectsAsync("https://images.example.test/x.png?sig=s3cret", "cats", Token))).Message;
        }

        // One message for every failure: which one it was would tell an attacker about the network.
        const string Failed = "Could not download an image from https://images.example.test/x.png: pass the image another way (a registered image, a data URL or an allowed file).";
        Assert.StartsWith(Failed, await Refused(Serving("<html>login</html>"u8.ToArray())), StringComparison.Ordinal);
        Assert.StartsWith(Failed, await Refused(Serving(TestImages.Png), max: 100), StringComparison.Ordinal);
        var notFound = await Refused(new FakeHttpHandler().Reply(HttpStatusCode.NotFound, "missing"));
        Assert.StartsWith(Failed, notFound, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", notFound, StringComparison.Ordinal);
        Assert.Equal(0, mock.Calls);
    }

    /// <summary>Runs one CountObjects call per reference under MEAI function invocation over the given conversation; returns each tool result as text.</summary>
    private static async Task<List<string>> CallInConversationAsync(VisionPlugin plugin, IList<ChatMessage> conversation, params string[] references)
    {
        var results = new List<string>();
        var chat = new Mock<IChatClient>();
        var turn = 0;
        chat.Setup(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((IEnumerable<ChatMessage> messages, ChatOptions? _, CancellationToken _) =>
            {
                if (turn > 0)
                {
                    var result = messages.Last().Contents.OfType<FunctionResultContent>().Single();
                    results.Add(result.Result?.ToString() ?? "Exception: " + result.Exception?.Message);
                }

                return turn < references.Length
                    ? new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent($"call{turn}", "Vision_CountObjects", new Dictionary<string, object?> { ["image"] = references[turn++], ["objects"] = "things" })]))
                    : new ChatResponse(new ChatMessage(ChatRole.Assistant, "done"));
            });
        using var client = chat.Object.AsBuilder().UseFunctionInvocation(configure: f => f.IncludeDetailedErrors = true).Build();
        await client.GetResponseAsync(conversation, new ChatOptions { Tools = plugin.AsAITools() }, Token);
        return results;
    }

    [Fact]
    public async Task Under_function_invocation_latest_names_and_indexes_refer_to_conversation_images()
    {
        var perceptron = new MockPerceptron().Answer("<point mention=\"x\"> (500,500) </point>", null);
        var plugin = new VisionPlugin(perceptron.Mock.Object);
        var first = new DataContent(TestImages.Png, "image/png") { Name = "street.png" };
        var second = new DataContent(TestImages.RedCircles(2, 5).Png, "image/png");

        var results = await CallInConversationAsync(
            plugin,
            [new ChatMessage(ChatRole.User, [first, new TextContent("and")]), new ChatMessage(ChatRole.User, [second, new TextContent("count")])],
            "latest", "street.png", "image:1", "image:3");

        Assert.Equal(4, results.Count);
        Assert.Contains("\"source\":\"image:2\"", results[0], StringComparison.Ordinal);
        Assert.Contains("\"source\":\"street.png\"", results[1], StringComparison.Ordinal);
        Assert.Contains("\"source\":\"image:1\"", results[2], StringComparison.Ordinal);
        Assert.Contains("the conversation holds 2 image(s), numbered image:1 to image:2", results[3], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_conversation_url_image_is_downloaded_only_when_allowed(bool allowed)
    {
        var handler = Serving(TestImages.Png);
        using var http = new HttpClient(handler);
        var perceptron = new MockPerceptron().Answer("<point mention=\"x\"> (500,500) </point>", null);
        var plugin = new VisionPlugin(perceptron.Mock.Object, new VisionPluginOptions { AllowUrlDownload = allowed, DownloadHttpClient = http });

        var results = await CallInConversationAsync(
            plugin, [new ChatMessage(ChatRole.User, [new UriContent("https://images.example.test/a.png", "image/png"), new TextContent("count")])], "latest");

        Assert.Equal(allowed ? 1 : 0, handler.Requests.Count);
        Assert.Contains(allowed ? "\"width\":640" : "\"gridPoint\"", Assert.Single(results), StringComparison.Ordinal);
        Assert.Equal(allowed, results[0].Contains("\"pixelPoint\"", StringComparison.Ordinal));
        Assert.IsType(allowed ? typeof(DataContent) : typeof(UriContent), perceptron.User.Contents[0]);
    }
}
