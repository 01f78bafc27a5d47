using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Connectors.Core;
using Connectors.Emulator;
using Connectors.Emulator.Scenes;
using Connectors.Perceptron.Grounding;
using Microsoft.Extensions.AI;

namespace Connectors.Perceptron.Tests;

/// <summary>The Files API client against the emulator over real HTTP on 127.0.0.1.</summary>
public sealed class FilesEndToEndTests : IAsyncLifetime
{
    private EmulatorServer _server = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await EmulatorServer.StartAsync(cancellationToken: Token);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private PerceptronClientOptions Options() => new() { Endpoint = _server.PerceptronEndpoint, ApiKey = "emulator-key", Resilience = new() { RetriesEnabled = false } };

    private PerceptronFileClient Files(int pageSize = 1000) => new(Options()) { PageSize = pageSize };

    /// <summary>
    /// The upload route allows 60 a minute: the 61st is refused with Retry-After, and the client waits and sends it
    /// again (its body made anew), so a batch of uploads completes. The window is shortened to 2 s to keep the test short.
    /// </summary>
    [Fact]
    public async Task Uploads_past_the_routes_limit_wait_for_retry_after_and_complete()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { RateLimitWindow = TimeSpan.FromSeconds(2) }, Token);
        using var files = new PerceptronFileClient(new PerceptronClientOptions { Endpoint = server.PerceptronEndpoint, ApiKey = "emulator-key" });
        var png = SceneGenerator.Generate(32, 24, 1, seed: 1).Png;

        var ids = new List<string>();
        for (var i = 0; i < 61; i++)
        {
            ids.Add((await files.UploadAsync(new MemoryStream(png), "image/png", $"frame{i}.png", cancellationToken: Token)).FileId);
        }

        Assert.Equal(61, ids.Distinct().Count());
        var uploads = server.RequestLog.Entries.Where(e => e.Method == "POST" && e.Path == "/v1/files").ToList();
        Assert.Equal(1, uploads.Count(e => e.StatusCode == 429));
        Assert.Equal(61, uploads.Count(e => e.StatusCode == 200));
    }

    [Fact]
    public async Task Upload_info_download_and_delete_round_trip_the_bytes()
    {
        var scene = SceneGenerator.Generate(320, 240, 3, seed: 4);
        using var files = Files();

        var uploaded = await files.UploadAsync(new MemoryStream(scene.Png), "image/png", "scene.png", cancellationToken: Token);

        Assert.Matches("^file-[A-Za-z0-9]{22}$", uploaded.FileId);
        Assert.Equal("scene.png", uploaded.Name);
        Assert.Equal(scene.Png.Length, uploaded.SizeInBytes);
        Assert.Equal("vision", uploaded.Purpose);
        Assert.Equal("image/png", uploaded.MediaType);
        Assert.NotNull(uploaded.CreatedAt);

        var info = await files.GetFileInfoAsync(uploaded.FileId, cancellationToken: Token);
        Assert.NotNull(info);
        Assert.Equal((uploaded.FileId, uploaded.Name, uploaded.SizeInBytes, uploaded.Purpose), (info.FileId, info.Name, info.SizeInBytes, info.Purpose));

        await using (var download = await files.DownloadAsync(uploaded.FileId, cancellationToken: Token))
        {
            Assert.Equal("image/png", download.MediaType);
            var copy = new MemoryStream();
            await download.CopyToAsync(copy, Token);
            Assert.Equal(scene.Png, copy.ToArray());
        }

        Assert.True(await files.DeleteAsync(uploaded.FileId, cancellationToken: Token));
        Assert.Null(await files.GetFileInfoAsync(uploaded.FileId, cancellationToken: Token));
        Assert.False(await files.DeleteAsync(uploaded.FileId, cancellationToken: Token));
        var missing = await Assert.ThrowsAsync<ChatInvalidRequestException>(() => files.DownloadAsync(uploaded.FileId, cancellationToken: Token));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("id", missing.Parameter);
    }

    [Fact]
    public async Task A_stream_that_cannot_seek_is_uploaded_with_a_length_too()
    {
        var bytes = Wav(50_000);
        using var files = Files();

        var uploaded = await files.UploadAsync(new ForwardOnlyStream(bytes), null, null, new HostedFileClientOptions { Purpose = PerceptronFileClient.UserDataPurpose }, Token);

        Assert.Equal(bytes.Length, uploaded.SizeInBytes);
        Assert.Equal("user_data", uploaded.Purpose);
        Assert.Equal("audio/wav", uploaded.MediaType);
        Assert.Equal(uploaded.FileId, uploaded.Name); // no name sent: the server names it by its id
        var upload = Assert.Single(_server.RequestLog.Entries, e => e.Method == "POST" && e.Path == "/v1/files");
        Assert.True(upload.Headers.ContainsKey("Content-Length"));
        Assert.False(upload.Headers.ContainsKey("Transfer-Encoding"));
    }

    [Fact]
    public async Task Listing_pages_through_every_file_newest_first_and_filters_by_purpose()
    {
        using var files = Files(pageSize: 2);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var purpose = i == 2 ? PerceptronFileClient.UserDataPurpose : PerceptronFileClient.VisionPurpose;
            ids.Add((await files.UploadAsync(new MemoryStream(SceneGenerator.Generate(32, 24, 1, seed: i).Png), "image/png", $"s{i}.png", new() { Purpose = purpose }, Token)).FileId);
        }

        var listed = await files.ListFilesAsync(cancellationToken: Token).Select(f => f.FileId).ToListAsync(Token);
        Assert.Equal(Enumerable.Reverse(ids), listed);
        Assert.Equal(3, _server.RequestLog.Entries.Count(e => e.Method == "GET" && e.Path == "/v1/files")); // pages of 2, 2 and 1

        var vision = await files.ListFilesAsync(new() { Purpose = "vision" }, Token).Select(f => f.FileId).ToListAsync(Token);
        Assert.Equal(4, vision.Count);
        Assert.DoesNotContain(ids[2], vision);

        var firstThree = await files.ListFilesAsync(new() { Limit = 3 }, Token).Select(f => f.FileId).ToListAsync(Token);
        Assert.Equal(Enumerable.Reverse(ids).Take(3), firstThree);
    }

    [Fact]
    public async Task An_uploaded_scene_is_detected_by_id_like_an_inline_image()
    {
        var scene = SceneGenerator.Generate(640, 480, 5, seed: 12);
        using var files = Files();
        var image = await files.UploadAsync(new MemoryStream(scene.Png), "image/png", "scene.png", cancellationToken: Token);
        using var chat = new PerceptronChatClient(Options());

        var response = await chat.GetResponseAsync(
            [new(ChatRole.System, "Your goal is to segment out the objects in the scene"), new(ChatRole.User, [image])],
            new ChatOptions().WithHints(PerceptronHints.Box),
            Token);

        var sent = JsonNode.Parse(Assert.Single(_server.RequestLog.Entries, e => e.Path == "/v1/chat/completions").Body!)!;
        var user = sent["messages"]!.AsArray()[^1]!;
        Assert.Equal("image_file_id", user["content"]![0]!["type"]!.GetValue<string>());
        Assert.Equal(image.FileId, user["content"]![0]!["image_file_id"]!["file_id"]!.GetValue<string>());
        var boxes = Assert.Single(response.GetGrounding()).Leaves.OfType<BoxAnnotation>().ToList();
        Assert.Equal(scene.Objects.Count, boxes.Count);
        foreach (var truth in scene.Objects)
        {
            // No image size is known for a file sent by id: compare on the model's 0-1000 grid.
            var best = boxes.Where(b => b.Mention == truth.Name).Max(b => truth.Bounds.IntersectionOverUnion(new SceneBox(
                b.Box.TopLeft.X * scene.Width / 1000.0, b.Box.TopLeft.Y * scene.Height / 1000.0, b.Box.BottomRight.X * scene.Width / 1000.0, b.Box.BottomRight.Y * scene.Height / 1000.0)));
            Assert.True(best >= 0.9, $"{truth.Name} IoU {best:F3}");
        }
    }

    [Fact]
    public async Task Uploaded_frames_are_sent_as_content_urls_and_tracked_like_inline_ones()
    {
        var video = Connectors.Emulator.Scenes.Video.VideoGenerator.Generate(new Connectors.Emulator.Scenes.Video.VideoOptions
        {
            Seed = 6,
            Frames = 6,
            FrameIntervalMs = 250,
            Required = { ("red", SceneShape.Circle), ("blue", SceneShape.Square) },
            RandomObjects = 0,
        });
        using var files = Files();
        var frames = new List<VideoFrame>();
        foreach (var frame in video.Frames)
        {
            var uploaded = await files.UploadAsync(new MemoryStream(frame.Png), "image/png", $"f{frame.TimestampMs}.png", cancellationToken: Token);
            frames.Add(new VideoFrame(uploaded, TimeSpan.FromMilliseconds(frame.TimestampMs)));
        }

        using var chat = new PerceptronChatClient(Options());
        var response = await chat.GetResponseAsync(
            [new(ChatRole.User, [new VideoFramesContent(frames)])],
            new ChatOptions { Instructions = "Your goal is to segment out the objects in the scene. Make sure to track the objects." }.WithHints(PerceptronHints.Box),
            Token);

        var sent = JsonNode.Parse(Assert.Single(_server.RequestLog.Entries, e => e.Path == "/v1/chat/completions").Body!)!;
        var firstUrl = sent["messages"]!.AsArray()[^1]!["content"]![0]!["video_frames"]!["frames"]![0]!["image_url"]!["url"]!.GetValue<string>();
        Assert.Equal($"{_server.PerceptronEndpoint}/files/{((HostedFileContent)frames[0].Image).FileId}/content", firstUrl);
        var tracks = GroundingParser.Parse(response.Text).Annotations.OfType<TrackAnnotation>().ToList();
        Assert.Equal(video.Tracks.Count, tracks.Count);
        var ious = new List<double>();
        foreach (var truth in video.Tracks)
        {
            var boxes = Assert.Single(tracks, t => t.Mention == truth.Name).Children.OfType<BoxAnnotation>().ToList();
            Assert.Equal(truth.Waypoints.Count, boxes.Count);
            for (var i = 0; i < boxes.Count; i++)
            {
                var px = boxes[i].Box.ToPixels(new ImageSize(video.Width, video.Height));
                ious.Add(new SceneBox(px.TopLeft.X, px.TopLeft.Y, px.BottomRight.X, px.BottomRight.Y).IntersectionOverUnion(truth.Waypoints[i].Bounds));
            }
        }

        Assert.True(ious.Average() >= 0.8, $"mean IoU {ious.Average():F3}");
    }

    [Fact]
    public async Task A_60_MB_video_uploaded_from_disk_is_referred_to_by_id_in_a_chat()
    {
        var path = Path.Combine(Path.GetTempPath(), $"connectors-e2e-{Guid.NewGuid():N}.mp4");
        try
        {
            await using (var file = File.Create(path))
            {
                await file.WriteAsync(new byte[] { 0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m' }, Token);
                file.SetLength(60L * 1024 * 1024);
            }

            using var files = Files();
            HostedFileContent video;
            await using (var stream = File.OpenRead(path))
            {
                video = await files.UploadAsync(stream, null, "match.mp4", cancellationToken: Token);
            }

            Assert.Equal(60L * 1024 * 1024, video.SizeInBytes);
            Assert.Equal("video/mp4", video.MediaType);
            using var chat = new PerceptronChatClient(Options());

            var response = await chat.GetResponseAsync([new(ChatRole.User, [video, new TextContent("What is this?")])], cancellationToken: Token);

            Assert.Contains("60 MB", response.Text, StringComparison.Ordinal); // the emulator read the stored file's record
            var sent = JsonNode.Parse(Assert.Single(_server.RequestLog.Entries, e => e.Path == "/v1/chat/completions").Body!)!;
            Assert.Equal(video.FileId, sent["messages"]![0]!["content"]![0]!["video_file_id"]!["file_id"]!.GetValue<string>());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_deleted_file_cannot_be_referenced_in_a_chat()
    {
        using var files = Files();
        var image = await files.UploadAsync(new MemoryStream(SceneGenerator.Generate(64, 48, 1, seed: 3).Png), "image/png", "a.png", cancellationToken: Token);
        await files.DeleteAsync(image.FileId, cancellationToken: Token);
        using var chat = new PerceptronChatClient(Options());

        var e = await Assert.ThrowsAsync<ChatInvalidRequestException>(() => chat.GetResponseAsync([new(ChatRole.User, [image, new TextContent("What is it?")])], cancellationToken: Token));

        Assert.Contains(image.FileId, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chunked_upload_is_answered_411()
    {
        using var http = new HttpClient();
        var form = new MultipartFormDataContent
        {
            { new StreamContent(new ForwardOnlyStream(Wav(1000))), "file", "a.wav" }, // no length: sent chunked
            { new StringContent("vision"), "purpose" },
        };
        using var response = await http.PostAsync(new Uri(_server.BaseAddress, "v1/files"), form, Token);

        Assert.Equal(HttpStatusCode.LengthRequired, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync(Token))!["error"]!;
        Assert.Equal("invalid_request_error", error["type"]!.GetValue<string>());
        var sent = Assert.Single(_server.RequestLog.Entries, e => e.Path == "/v1/files");
        Assert.Equal("chunked", sent.Headers["Transfer-Encoding"]);
    }

    [Fact]
    public async Task An_upload_over_128_MiB_is_answered_413_before_its_body_is_read()
    {
        // A raw request that only claims its size: the server must refuse it from the header.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _server.PerceptronEndpoint.Port, Token);
        var stream = tcp.GetStream();
        var head = $"POST /v1/files HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: {PerceptronFileClient.MaxFileBytes + 1024 * 1024}\r\n\r\n--b\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), Token);

        using var reader = new StreamReader(stream, Encoding.ASCII);
        var status = await reader.ReadLineAsync(Token);

        Assert.StartsWith("HTTP/1.1 413", status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_client_refuses_a_file_over_128_MiB_before_sending()
    {
        using var files = Files();
        using var big = new LengthOnlyStream(PerceptronFileClient.MaxFileBytes + 1);

        var e = await Assert.ThrowsAsync<ChatInvalidRequestException>(() => files.UploadAsync(big, "video/mp4", "big.mp4", cancellationToken: Token));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, e.StatusCode);
        Assert.Equal("file_too_large", e.ErrorCode);
        Assert.DoesNotContain(_server.RequestLog.Entries, r => r.Path == "/v1/files");
    }

    [Fact]
    public async Task A_full_storage_quota_is_a_quota_error()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { FileStorageQuotaBytes = 60_000 }, Token);
        using var files = new PerceptronFileClient(new PerceptronClientOptions { Endpoint = server.PerceptronEndpoint, Resilience = new() { RetriesEnabled = false } });
        await files.UploadAsync(new MemoryStream(Wav(40_000)), cancellationToken: Token);

        var e = await Assert.ThrowsAsync<ChatQuotaExceededException>(() => files.UploadAsync(new MemoryStream(Wav(40_000)), cancellationToken: Token));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, e.StatusCode);
        Assert.False(e.IsRetryable);
    }

    [Fact]
    public async Task Unsupported_bytes_and_purposes_are_refused()
    {
        using var files = Files();
        var gif = await Assert.ThrowsAsync<ChatInvalidRequestException>(() => files.UploadAsync(new MemoryStream("GIF89a......"u8.ToArray()), "image/gif", "a.gif", cancellationToken: Token));
        Assert.Contains("Unsupported content type 'image/gif'", gif.Message, StringComparison.Ordinal);

        await Assert.ThrowsAsync<ArgumentException>(() => files.UploadAsync(new MemoryStream(Wav(100)), options: new() { Purpose = "assistants" }, cancellationToken: Token));
        await Assert.ThrowsAsync<ArgumentException>(() => files.GetFileInfoAsync("file-missing", cancellationToken: Token));
    }

    [Fact]
    public async Task A_data_folder_keeps_files_across_runs()
    {
        var folder = Directory.CreateTempSubdirectory("connectors-files-").FullName;
        try
        {
            string id;
            await using (var first = await EmulatorServer.StartAsync(new EmulatorOptions { DataFolder = folder }, Token))
            using (var files = new PerceptronFileClient(new PerceptronClientOptions { Endpoint = first.PerceptronEndpoint }))
            {
                id = (await files.UploadAsync(new MemoryStream(Wav(2000)), cancellationToken: Token)).FileId;
            }

            await using var second = await EmulatorServer.StartAsync(new EmulatorOptions { DataFolder = folder }, Token);
            using var again = new PerceptronFileClient(new PerceptronClientOptions { Endpoint = second.PerceptronEndpoint });
            Assert.Equal(2000 + 44, (await again.GetFileInfoAsync(id, cancellationToken: Token))?.SizeInBytes);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A PCM wav header and silence.</summary>
    internal static byte[] Wav(int dataBytes)
    {
        var wav = new byte[44 + dataBytes];
        "RIFF"u8.CopyTo(wav);
        BitConverter.TryWriteBytes(wav.AsSpan(4), 36 + dataBytes);
        "WAVEfmt "u8.CopyTo(wav.AsSpan(8));
        BitConverter.TryWriteBytes(wav.AsSpan(16), 16);
        BitConverter.TryWriteBytes(wav.AsSpan(20), (short)1);
        BitConverter.TryWriteBytes(wav.AsSpan(22), (short)1);
        BitConverter.TryWriteBytes(wav.AsSpan(24), 16000);
        BitConverter.TryWriteBytes(wav.AsSpan(28), 32000);
        BitConverter.TryWriteBytes(wav.AsSpan(32), (short)2);
        BitConverter.TryWriteBytes(wav.AsSpan(34), (short)16);
        "data"u8.CopyTo(wav.AsSpan(36));
        BitConverter.TryWriteBytes(wav.AsSpan(40), dataBytes);
        return wav;
    }

    /// <summary>A stream that can only be read forward, like a network stream: its length is unknown.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    }

    /// <summary>A seekable stream that reports a length and never yields its bytes (nothing may be read before the cap check).</summary>
    private sealed class LengthOnlyStream(long length) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get; set; }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("read before the size was checked");

        public override long Seek(long offset, SeekOrigin origin) => Position = offset;

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
