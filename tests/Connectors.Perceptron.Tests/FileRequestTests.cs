using Connectors.Tests;
using Microsoft.Extensions.AI;

namespace Connectors.Perceptron.Tests;

/// <summary>Uploaded files in chat requests, checked against the spec's shapes (TestData/requests).</summary>
public class FileRequestTests
{
    private const string ImageId = "file-Q7m2Lx9aPz3Kc8Rt1VbN0s";
    private static readonly byte[] PngSignature = Convert.FromBase64String("iVBORw0KGgo=");

    private static async Task<RecordedRequest> SendAsync(IList<ChatMessage> messages)
    {
        var handler = new FakeHttpHandler().ReplyJson(TestClients.SimpleReply);
        using var client = TestClients.Create(handler);
        await client.GetResponseAsync(messages);
        return Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Hosted_files_become_image_video_and_audio_file_id_parts_by_media_type()
    {
        var request = await SendAsync([new(ChatRole.User, [
            new HostedFileContent(ImageId) { MediaType = "image/png" },
            new HostedFileContent("file-V1d3oAAAAAAAAAAAAAAAAA") { MediaType = "video/mp4" },
            new HostedFileContent("file-Aud10AAAAAAAAAAAAAAAAA") { MediaType = "audio/wav" },
            new TextContent("Describe all three.")])]);
        JsonAssert.Equal(TestClients.TestData("requests", "file-ids.json"), request.Body);
    }

    [Fact]
    public async Task An_uploaded_frame_goes_as_its_content_url()
    {
        var video = new VideoFramesContent([
            new VideoFrame(new HostedFileContent(ImageId) { MediaType = "image/png" }, TimeSpan.Zero),
            new VideoFrame(new DataContent(PngSignature, "image/png"), TimeSpan.FromSeconds(1))]);
        var request = await SendAsync([new(ChatRole.User, [video, new TextContent("Track the ball.")])]);
        JsonAssert.Equal(TestClients.TestData("requests", "frames-uploaded.json"), request.Body);
    }

    [Fact]
    public async Task A_tool_result_may_hold_an_uploaded_image()
    {
        var request = await SendAsync([
            new(ChatRole.User, "What is the weather?"),
            new(ChatRole.Assistant, [new FunctionCallContent("call_2", "radar")]),
            new(ChatRole.Tool, [new FunctionResultContent("call_2", new AIContent[] { new TextContent("radar"), new HostedFileContent(ImageId) { MediaType = "image/png" } })])]);
        JsonAssert.Equal(TestClients.TestData("requests", "tool-result-image-file.json"), request.Body);
    }

    [Fact]
    public async Task A_file_without_a_media_type_is_refused_naming_what_to_set()
    {
        var e = await Assert.ThrowsAsync<NotSupportedException>(() => SendAsync([new(ChatRole.User, [new HostedFileContent(ImageId), new TextContent("What is it?")])]));
        Assert.Contains("HostedFileContent.MediaType", e.Message, StringComparison.Ordinal);
        Assert.Contains(ImageId, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_of_another_kind_is_refused()
    {
        var e = await Assert.ThrowsAsync<NotSupportedException>(() => SendAsync([new(ChatRole.User, [new HostedFileContent(ImageId) { MediaType = "application/pdf" }])]));
        Assert.Contains("'application/pdf'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_file_id_is_refused_before_sending()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => SendAsync([new(ChatRole.User, [new HostedFileContent("file-short") { MediaType = "image/png" }])]));
        Assert.Contains("22 letters or digits", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_frame_from_a_file_that_is_not_an_image_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new VideoFrame(new HostedFileContent(ImageId) { MediaType = "video/mp4" }, TimeSpan.Zero));
    }

    [Fact]
    public async Task An_uploaded_file_counts_as_an_asset_for_grounding()
    {
        var reply = """
            {"id":"c","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"<point mention=\"a\" asset_idx=\"1\"> (1,2) </point>"},"finish_reason":"stop"}]}
            """;
        var handler = new FakeHttpHandler().ReplyJson(reply);
        using var client = TestClients.Create(handler);
        var response = await client.GetResponseAsync([new(ChatRole.User, [
            new DataContent(PngSignature, "image/png"), new HostedFileContent(ImageId) { MediaType = "image/png" }])]);
        var grounding = Assert.Single(Connectors.Perceptron.Grounding.GroundingChatExtensions.GetGrounding(response));
        Assert.Equal(1, grounding.ImageIndex);
    }
}
