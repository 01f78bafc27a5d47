using System.Net;
using Connectors.Core;
using Connectors.Tests;
using Microsoft.Extensions.AI;

namespace Connectors.Perceptron.Tests;

/// <summary><see cref="PerceptronFileClient"/> against the spec's request and reply shapes (TestData/files), no server.</summary>
public class FileClientTests
{
    private const string Id = "file-Q7m2Lx9aPz3Kc8Rt1VbN0s";
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static string Reply(string name) => TestClients.TestData("files", name);

    private static PerceptronFileClient Create(FakeHttpHandler handler, int pageSize = 1000) =>
        new(new PerceptronClientOptions { ApiKey = TestClients.ApiKey, Endpoint = new Uri("https://api.perceptron.test/v1"), Resilience = new() { RetriesEnabled = false } }, new HttpClient(handler))
        {
            PageSize = pageSize,
        };

    [Fact]
    public async Task Upload_is_multipart_with_a_length_the_sniffed_part_type_and_the_purpose()
    {
        long? length = null;
        string? partType = null, disposition = null;
        var handler = new FakeHttpHandler().ReplyWith(request =>
        {
            length = request.Content!.Headers.ContentLength;
            var file = ((MultipartFormDataContent)request.Content).First();
            partType = file.Headers.ContentType?.ToString();
            disposition = file.Headers.ContentDisposition?.ToString();
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(Reply("file.json"), System.Text.Encoding.UTF8, "application/json") };
        });
        using var files = Create(handler);

        var uploaded = await files.UploadAsync(new MemoryStream(Png), "image/jpeg", "cat.png", cancellationToken: Token); // declared wrong: the bytes decide

        var sent = handler.LastRequest;
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal("https://api.perceptron.test/v1/files", sent.Uri.ToString());
        Assert.Equal("Bearer " + TestClients.ApiKey, sent.Headers["Authorization"]);
        Assert.Equal(sent.Body!.Length, length); // the same bytes each time: Content-Length, never chunked
        Assert.Equal("image/png", partType);
        Assert.Contains("name=file", disposition, StringComparison.Ordinal);
        Assert.Contains("filename=cat.png", disposition, StringComparison.Ordinal);
        Assert.Contains("name=purpose\r\n\r\nvision\r\n", sent.Body, StringComparison.Ordinal);
        Assert.Equal((Id, "cat.png", 1234L, "vision", "image/png"), (uploaded.FileId, uploaded.Name, uploaded.SizeInBytes!.Value, uploaded.Purpose, uploaded.MediaType));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1790121600), uploaded.CreatedAt);
    }

    [Fact]
    public async Task Bytes_of_unknown_kind_go_as_octet_stream_and_keep_the_callers_type()
    {
        string? partType = null;
        var handler = new FakeHttpHandler().ReplyWith(request =>
        {
            partType = ((MultipartFormDataContent)request.Content!).First().Headers.ContentType?.ToString();
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(Reply("file.json")) };
        });
        using var files = Create(handler);

        var uploaded = await files.UploadAsync(new MemoryStream([1, 2, 3]), "video/mp4", "x.bin", cancellationToken: Token);

        Assert.Equal("application/octet-stream", partType);
        Assert.Equal("video/mp4", uploaded.MediaType);
    }

    [Fact]
    public async Task Listing_follows_has_more_with_after_the_last_id_and_stops_on_an_empty_page()
    {
        var handler = new FakeHttpHandler().ReplyJson(Reply("list-page1.json")).ReplyJson(Reply("list-empty.json"));
        using var files = Create(handler, pageSize: 2);

        var listed = await files.ListFilesAsync(new() { Purpose = "vision" }, Token).ToListAsync(Token);

        Assert.Equal(["file-BBBBBBBBBBBBBBBBBBBBBB", "file-AAAAAAAAAAAAAAAAAAAAAA"], listed.Select(f => f.FileId));
        Assert.Equal("user_data", listed[1].Purpose);
        Assert.Null(listed[0].MediaType); // the API keeps none
        Assert.Equal("https://api.perceptron.test/v1/files?limit=2&purpose=vision", handler.Requests[0].Uri.ToString());
        Assert.Equal("https://api.perceptron.test/v1/files?limit=2&purpose=vision&after=file-AAAAAAAAAAAAAAAAAAAAAA", handler.Requests[1].Uri.ToString());
    }

    [Fact]
    public async Task A_limit_stops_the_listing_without_asking_for_more()
    {
        var handler = new FakeHttpHandler().ReplyJson(Reply("list-page1.json"));
        using var files = Create(handler);

        var listed = await files.ListFilesAsync(new() { Limit = 1 }, Token).ToListAsync(Token);

        Assert.Single(listed);
        Assert.Equal("https://api.perceptron.test/v1/files?limit=1", Assert.Single(handler.Requests).Uri.ToString());
    }

    [Fact]
    public async Task A_missing_file_is_null_for_info_and_false_for_delete()
    {
        var handler = new FakeHttpHandler()
            .Reply(HttpStatusCode.NotFound, Reply("not-found.json"))
            .Reply(HttpStatusCode.NotFound, Reply("not-found.json"))
            .ReplyJson(Reply("deleted.json"));
        using var files = Create(handler);

        Assert.Null(await files.GetFileInfoAsync(Id, cancellationToken: Token));
        Assert.False(await files.DeleteAsync(Id, cancellationToken: Token));
        Assert.True(await files.DeleteAsync(Id, cancellationToken: Token));
        Assert.Equal(HttpMethod.Delete, handler.LastRequest.Method);
        Assert.Equal($"https://api.perceptron.test/v1/files/{Id}", handler.LastRequest.Uri.ToString());
    }

    [Fact]
    public async Task A_full_storage_quota_is_a_quota_error_and_the_key_never_shows()
    {
        var handler = new FakeHttpHandler().Reply(HttpStatusCode.RequestEntityTooLarge, $$$"""{"error":{"message":"Storage quota exceeded for {{{TestClients.ApiKey}}}","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}""");
        using var files = Create(handler);

        var e = await Assert.ThrowsAsync<ChatQuotaExceededException>(() => files.UploadAsync(new MemoryStream(Png), cancellationToken: Token));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, e.StatusCode);
        Assert.DoesNotContain(TestClients.ApiKey, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestClients.ApiKey, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_streams_the_bytes_with_the_stored_type()
    {
        var handler = new FakeHttpHandler().Reply(HttpStatusCode.OK, "PNGDATA", "image/png");
        using var files = Create(handler);

        await using var download = await files.DownloadAsync(Id, cancellationToken: Token);
        using var reader = new StreamReader(download);

        Assert.Equal("image/png", download.MediaType);
        Assert.Equal("PNGDATA", await reader.ReadToEndAsync(Token));
        Assert.Equal($"https://api.perceptron.test/v1/files/{Id}/content", handler.LastRequest.Uri.ToString());
    }

    [Fact]
    public async Task Options_the_api_does_not_have_are_refused_before_sending()
    {
        using var files = Create(new FakeHttpHandler());

        var purpose = await Assert.ThrowsAsync<ArgumentException>(() => files.UploadAsync(new MemoryStream(Png), options: new() { Purpose = "assistants" }, cancellationToken: Token));
        await Assert.ThrowsAsync<NotSupportedException>(() => files.GetFileInfoAsync(Id, new() { Scope = "container-1" }, Token));
        await Assert.ThrowsAsync<ArgumentException>(() => files.DeleteAsync("../secrets", cancellationToken: Token));

        Assert.Contains("'vision' and 'user_data'", purpose.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_file_client_describes_itself()
    {
        using var files = Create(new FakeHttpHandler());

        var metadata = files.GetService<HostedFileClientMetadata>();

        Assert.Equal(("perceptron", new Uri("https://api.perceptron.test/v1")), (metadata!.ProviderName, metadata.ProviderUri));
        Assert.Same(files, files.GetService<IHostedFileClient>());
        Assert.Null(files.GetService<IHostedFileClient>("some-key"));
    }
}
