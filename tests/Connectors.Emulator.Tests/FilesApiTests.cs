using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Connectors.Emulator.Tests;

/// <summary>The Files API routes with raw HTTP: the spec's JSON shapes and refusals, independent of any client.</summary>
public sealed class FilesApiTests : EmulatorTestBase
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0];

    private async Task<HttpResponseMessage> UploadAsync(byte[] bytes, string? purpose = "vision", string? fileName = "cat.png", string? partType = null)
    {
        var file = new ByteArrayContent(bytes);
        if (partType is not null)
        {
            file.Headers.ContentType = new MediaTypeHeaderValue(partType);
        }

        var form = new MultipartFormDataContent();
        if (fileName is null)
        {
            form.Add(file, "file");
        }
        else
        {
            form.Add(file, "file", fileName);
        }

        if (purpose is not null)
        {
            form.Add(new StringContent(purpose), "purpose");
        }

        return await Http.PostAsync("/v1/files", form, Ct);
    }

    [Fact]
    public async Task Upload_retrieve_content_and_delete_have_the_apis_shapes()
    {
        using var uploaded = await UploadAsync(Png, partType: "image/png");
        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        var file = (await JsonAsync(uploaded)).AsObject();
        Assert.Equal(["object", "id", "bytes", "created_at", "filename", "purpose"], file.Select(p => p.Key));
        Assert.Equal("file", (string?)file["object"]);
        var id = (string)file["id"]!;
        Assert.Matches("^file-[A-Za-z0-9]{22}$", id);
        Assert.Equal(Png.Length, (int)file["bytes"]!);
        Assert.Equal(("cat.png", "vision"), ((string?)file["filename"], (string?)file["purpose"]));
        Assert.InRange((long)file["created_at"]!, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);

        using var retrieved = await Http.GetAsync($"/v1/files/{id}", Ct);
        Assert.True(JsonNode.DeepEquals(file, await JsonAsync(retrieved)));

        using var content = await Http.GetAsync($"/v1/files/{id}/content", Ct);
        Assert.Equal("image/png", content.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Png, await content.Content.ReadAsByteArrayAsync(Ct));

        using var deleted = await Http.DeleteAsync($"/v1/files/{id}", Ct);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""{"object":"file","id":"{{id}}","deleted":true}"""), await JsonAsync(deleted)));

        using var missing = await Http.GetAsync($"/v1/files/{id}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse($$$"""{"error":{"message":"No such File object: {{{id}}}","type":"invalid_request_error","param":"id","code":null}}"""),
            await JsonAsync(missing)));
    }

    [Fact]
    public async Task Lists_page_newest_first_with_after_and_an_empty_page_has_empty_ids()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var uploaded = await UploadAsync(Png, fileName: null);
            var file = await JsonAsync(uploaded);
            Assert.Equal((string?)file["id"], (string?)file["filename"]); // no filename: named by its id
            ids.Add((string)file["id"]!);
        }

        using var first = await Http.GetAsync("/v1/files?limit=2", Ct);
        var page = await JsonAsync(first);
        Assert.Equal("list", (string?)page["object"]);
        Assert.Equal([ids[2], ids[1]], page["data"]!.AsArray().Select(f => (string)f!["id"]!));
        Assert.Equal((ids[2], ids[1], true), ((string?)page["first_id"], (string?)page["last_id"], (bool)page["has_more"]!));

        using var second = await Http.GetAsync($"/v1/files?limit=2&after={ids[1]}", Ct);
        var last = await JsonAsync(second);
        Assert.Equal([ids[0]], last["data"]!.AsArray().Select(f => (string)f!["id"]!));
        Assert.False((bool)last["has_more"]!);

        using var ascending = await Http.GetAsync("/v1/files?order=asc", Ct);
        Assert.Equal(ids, (await JsonAsync(ascending))["data"]!.AsArray().Select(f => (string)f!["id"]!));

        using var empty = await Http.GetAsync("/v1/files?purpose=user_data", Ct);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"object":"list","data":[],"first_id":"","last_id":"","has_more":false}"""), await JsonAsync(empty)));

        using var badLimit = await Http.GetAsync("/v1/files?limit=0", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
    }

    [Fact]
    public async Task Uploads_are_refused_as_the_api_refuses_them()
    {
        using var gif = await UploadAsync("GIF89a......"u8.ToArray(), fileName: "a.gif");
        Assert.Equal(HttpStatusCode.BadRequest, gif.StatusCode);
        Assert.Equal("Unsupported content type 'image/gif'.", (string?)(await JsonAsync(gif))["error"]!["message"]);

        using var mismatch = await UploadAsync(Png, partType: "image/jpeg");
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);

        using var noPurpose = await UploadAsync(Png, purpose: null);
        Assert.Equal("purpose", (string?)(await JsonAsync(noPurpose))["error"]!["param"]);

        using var badPurpose = await UploadAsync(Png, purpose: "assistants");
        Assert.Equal(HttpStatusCode.BadRequest, badPurpose.StatusCode);

        using var notMultipart = await Http.PostAsync("/v1/files", new StringContent("{}"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, notMultipart.StatusCode);

        using var list = await Http.GetAsync("/v1/files", Ct);
        Assert.Empty((await JsonAsync(list))["data"]!.AsArray()); // nothing refused was kept
    }

    [Fact]
    public async Task Chat_file_parts_must_name_a_stored_file_of_their_kind()
    {
        using var uploaded = await UploadAsync(Scenes.SceneGenerator.Generate(64, 48, 1, seed: 2).Png);
        var id = (string)(await JsonAsync(uploaded))["id"]!;

        JsonNode Chat(string type, string fileId) => JsonNode.Parse($$$"""
            {"model":"perceptron-mk1.5","messages":[{"role":"user","content":[{"type":"{{{type}}}","{{{type}}}":{"file_id":"{{{fileId}}}"}},{"type":"text","text":"What is it?"}]}]}
            """)!;

        using var image = await PostAsync("/v1/chat/completions", Chat("image_file_id", id));
        using var asVideo = await PostAsync("/v1/chat/completions", Chat("video_file_id", id));
        using var missing = await PostAsync("/v1/chat/completions", Chat("audio_file_id", "file-AAAAAAAAAAAAAAAAAAAAAA"));

        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, asVideo.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("messages[0].content[0].audio_file_id.file_id", (string?)(await JsonAsync(missing))["error"]!["param"]);
    }
}
