using Connectors.Perceptron.Grounding;
using Connectors.Tests;
using Microsoft.Extensions.AI;

namespace Connectors.Perceptron.Tests;

/// <summary>Video, frames and audio parts, checked against the spec's shapes (TestData/requests).</summary>
public class MediaRequestTests
{
    private static readonly byte[] Mp4 = Convert.FromBase64String("AAAAGGZ0eXBpc29t");
    private static readonly byte[] PngSignature = Convert.FromBase64String("iVBORw0KGgo=");

    private static async Task<RecordedRequest> SendAsync(IList<ChatMessage> messages, ChatOptions? options = null, string reply = TestClients.SimpleReply)
    {
        var handler = new FakeHttpHandler().ReplyJson(reply);
        using var client = TestClients.Create(handler);
        await client.GetResponseAsync(messages, options);
        return Assert.Single(handler.Requests);
    }

    private static byte[] Png(int width, int height)
    {
        using var bitmap = new SkiaSharp.SKBitmap(width, height);
        using var data = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static List<ChatMessage> User(params AIContent[] contents) => [new(ChatRole.User, contents)];

    private static VideoFrame Frame(int ms) => new(new DataContent(PngSignature, "image/png"), TimeSpan.FromMilliseconds(ms));

    [Fact]
    public async Task Video_bytes_go_as_a_video_url_data_url_typed_from_the_bytes()
    {
        // Declared QuickTime, but an ftyp box is what the API calls mp4.
        var request = await SendAsync(User(new DataContent(Mp4, "video/quicktime"), new TextContent("What happens?")));
        JsonAssert.Equal(TestClients.TestData("requests", "video-data-url.json"), request.Body);
    }

    [Fact]
    public async Task Webm_bytes_are_recognised_by_their_ebml_header()
    {
        var request = await SendAsync(User(new DataContent(new byte[] { 0x1A, 0x45, 0xDF, 0xA3, 1, 2 }, "video/x-matroska")));
        Assert.StartsWith("data:video/webm;base64,", request.Json["messages"]![0]!["content"]![0]!["video_url"]!["url"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Video_and_audio_urls_pass_through()
    {
        var request = await SendAsync(User(new UriContent("https://cdn.example.com/clip.mp4", "video/mp4"), new UriContent("https://cdn.example.com/clip.wav", "audio/wav"), new TextContent("Describe both.")));
        JsonAssert.Equal(TestClients.TestData("requests", "video-url-and-audio-url.json"), request.Body);
    }

    [Fact]
    public async Task Frames_are_one_video_frames_part_with_only_image_url_and_timestamp_ms()
    {
        var video = new VideoFramesContent([Frame(0), new VideoFrame(new UriContent("https://cdn.example.com/f1.jpg", "image/jpeg"), TimeSpan.FromMilliseconds(500)), Frame(500)]);
        var request = await SendAsync(User(video, new TextContent("Track the ball.")));
        JsonAssert.Equal(TestClients.TestData("requests", "video-frames.json"), request.Body);
    }

    [Fact]
    public async Task Audio_bytes_go_as_input_audio_with_the_format_from_the_bytes()
    {
        var request = await SendAsync(User(
            new DataContent(Convert.FromBase64String("UklGRgAAAABXQVZF"), "audio/x-wav"),
            new DataContent(Convert.FromBase64String("SUQzAwA="), "audio/mpeg"),
            new DataContent(Convert.FromBase64String("//sQAA=="), "audio/mpeg"),
            new DataContent(Convert.FromBase64String("ZkxhQwAAACI="), "audio/flac"),
            new TextContent("What is said?")));
        JsonAssert.Equal(TestClients.TestData("requests", "input-audio.json"), request.Body);
    }

    [Fact]
    public async Task Clip_hint_and_audio_in_video_go_as_the_sdk_sends_them()
    {
        var options = new ChatOptions().WithHints(PerceptronHints.Clip | PerceptronHints.Think).WithAudioInVideo();
        var request = await SendAsync(User(new UriContent("https://cdn.example.com/clip.mp4", "video/mp4"), new TextContent("Clip when the dog barks.")), options);
        JsonAssert.Equal(TestClients.TestData("requests", "clip-think-audio-in-video.json"), request.Body);
    }

    [Fact]
    public async Task Audio_in_video_false_is_sent_and_a_non_boolean_is_refused()
    {
        var request = await SendAsync(User(new UriContent("https://cdn.example.com/clip.mp4", "video/mp4")), new ChatOptions().WithAudioInVideo(false));
        Assert.False(request.Json["vision_config"]!["enable_audio_in_video"]!.GetValue<bool>());

        var wrong = new ChatOptions { AdditionalProperties = new() { ["vision_config"] = new Dictionary<string, object?> { ["enable_audio_in_video"] = "yes" } } };
        var error = await Assert.ThrowsAsync<ArgumentException>(() => SendAsync(User(new TextContent("Hi")), wrong));
        Assert.Contains("enable_audio_in_video must be true or false", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_clip_hint_reads_from_words_too() =>
        Assert.Equal(PerceptronHints.Clip | PerceptronHints.Box, new ChatOptions { AdditionalProperties = new() { ["hints"] = "clip box" } }.GetHints());

    [Theory]
    [InlineData("video/mp4", new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, "mp4 (QuickTime included) and webm")]
    [InlineData("audio/ogg", new byte[] { 0x4F, 0x67, 0x67, 0x53, 0, 0 }, "wav, mp3 and flac")]
    [InlineData("audio/aac", new byte[] { 0xFF, 0xF1, 0x50, 0x80 }, "wav, mp3 and flac")]
    public async Task Media_the_api_refuses_is_refused_before_sending(string mediaType, byte[] bytes, string accepted)
    {
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => SendAsync(User(new DataContent(bytes, mediaType))));
        Assert.Contains(accepted, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Frames_outside_the_api_limits_are_refused_with_what_to_change()
    {
        Assert.Contains("2 to 256 frames; got 1", Assert.Throws<ArgumentException>(() => new VideoFramesContent([Frame(0)])).Message, StringComparison.Ordinal);
        Assert.Contains("got 257", Assert.Throws<ArgumentException>(() => new VideoFramesContent(Enumerable.Range(0, 257).Select(Frame))).Message, StringComparison.Ordinal);
        Assert.Contains("never decrease: frame 2 is at 400 ms", Assert.Throws<ArgumentException>(() => new VideoFramesContent([Frame(0), Frame(500), Frame(400)])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Frame(-1));
        Assert.Throws<ArgumentException>(() => new VideoFrame(new DataContent(PngSignature, "image/png"), TimeSpan.FromTicks(5)));
        Assert.Throws<ArgumentException>(() => new VideoFrame(new DataContent(PngSignature, "image/gif"), TimeSpan.Zero));
        Assert.Throws<ArgumentException>(() => new VideoFrame(new UriContent("ftp://example.com/a.png", "image/png"), TimeSpan.Zero));
    }

    [Fact]
    public async Task A_frame_whose_bytes_are_not_png_jpeg_or_webp_is_refused()
    {
        var gif = new DataContent("GIF89a\u0001\u0000\u0001\u0000"u8.ToArray(), "image/png");
        var video = new VideoFramesContent([new VideoFrame(gif, TimeSpan.Zero), Frame(40)]);
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => SendAsync(User(video)));
        Assert.Contains("not a png, jpeg or webp image", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_nearest_frame_to_a_time_is_found()
    {
        var video = new VideoFramesContent([Frame(0), Frame(500), Frame(1000)]);
        Assert.Equal(1, video.FrameIndexAt(TimeSpan.FromSeconds(0.4999)));
        Assert.Equal(2, video.FrameIndexAt(TimeSpan.FromSeconds(9)));
        Assert.Equal(0, video.FrameIndexAt(TimeSpan.FromSeconds(0.25)));
    }

    [Fact]
    public async Task Audio_tokens_are_reported_as_an_additional_count()
    {
        var reply = """{"id":"c","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":30,"completion_tokens":1,"total_tokens":31,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":12}}}""";
        var handler = new FakeHttpHandler().ReplyJson(reply);
        using var client = TestClients.Create(handler);
        var response = await client.GetResponseAsync(User(new UriContent("https://cdn.example.com/clip.mp4", "video/mp4")), new ChatOptions().WithAudioInVideo());
        Assert.Equal(12, response.Usage!.AdditionalCounts!["prompt_tokens_details.audio_tokens"]);
    }

    [Fact]
    public async Task Asset_indexes_count_images_videos_frame_groups_once_and_audio_in_wire_order()
    {
        // Assets: 0 image, 1 video url, 2 frames (one asset for three frames), 3 audio; then a tool-result image is 4.
        var frame = Png(320, 240);
        var frames = new VideoFramesContent(new[] { 0, 500, 1000 }.Select(ms => new VideoFrame(new DataContent(frame, "image/png"), TimeSpan.FromMilliseconds(ms))));
        List<ChatMessage> messages =
        [
            new(ChatRole.User, [new DataContent(Png(100, 50), "image/png"), new UriContent("https://cdn.example.com/clip.mp4", "video/mp4"), frames, new DataContent(Convert.FromBase64String("UklGRgAAAABXQVZF"), "audio/wav"), new TextContent("Track it")]),
        ];
        var answer = """<track mention="ball" asset_idx="2"> <point_box t="0.5"> (100,100) (500,500) </point_box> </track> <clip mention="bark" t="1.0 2.0" />""";
        var reply = System.Text.Json.JsonSerializer.Serialize(new System.Text.Json.Nodes.JsonObject
        {
            ["id"] = "v",
            ["choices"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["index"] = 0, ["message"] = new System.Text.Json.Nodes.JsonObject { ["role"] = "assistant", ["content"] = answer }, ["finish_reason"] = "stop" }),
        });
        var handler = new FakeHttpHandler().ReplyJson(reply);
        using var client = TestClients.Create(handler);

        var grounding = (await client.GetResponseAsync(messages)).GetGrounding();

        var video = Assert.Single(grounding, g => g.ImageIndex == 2);
        Assert.Equal(new ImageSize(320, 240), video.ImageSize);
        var box = Assert.IsType<BoxAnnotation>(Assert.Single(video.Leaves));
        Assert.Equal(1, frames.FrameIndexAt(box.Time!.Value)); // t is on the frames' timeline
        var pixels = video.ToPixels(box)!.Value;
        Assert.Equal((32, 24, 160, 120), (pixels.TopLeft.X, pixels.TopLeft.Y, pixels.BottomRight.X, pixels.BottomRight.Y));
        var sound = Assert.Single(grounding, g => g.ImageIndex == 3); // no asset_idx: the last asset, the audio
        Assert.Null(sound.ImageSize);
        Assert.IsType<ClipAnnotation>(Assert.Single(sound.Leaves));
    }
}
