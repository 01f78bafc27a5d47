using System.Net;
using System.Net.Http.Headers;

namespace Connectors.Emulator.Tests;

/// <summary>The Files API's published limits per key and route (upload 60, list 100, retrieve 100, content 30 a minute).</summary>
public sealed class FileRateLimitTests : EmulatorTestBase
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0];

    private Task<HttpResponseMessage> UploadAsync(string key = "test-key")
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(Png), "file", "cat.png" }, { new StringContent("vision"), "purpose" } };
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/files") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return Http.SendAsync(request, Ct);
    }

    [Fact]
    public async Task Each_route_refuses_past_its_published_limit_and_the_others_go_on()
    {
        string? id = null;
        for (var i = 0; i < 60; i++)
        {
            using var ok = await UploadAsync();
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            id ??= (string)(await JsonAsync(ok))["id"]!;
        }

        using (var refused = await UploadAsync())
        {
            await AssertRateLimitedAsync(refused);
        }

        // Another key has a limit of its own; the other routes count separately.
        using (var otherKey = await UploadAsync("other-key"))
        {
            Assert.Equal(HttpStatusCode.OK, otherKey.StatusCode);
        }

        await AssertLimitAsync($"/v1/files/{id}/content", 30);
        await AssertLimitAsync($"/v1/files/{id}", 100);
        await AssertLimitAsync("/v1/files?limit=1", 100);

        // Delete has no published limit.
        for (var i = 0; i < 120; i++)
        {
            using var deleted = await Http.DeleteAsync("/v1/files/file-AAAAAAAAAAAAAAAAAAAAAA", Ct);
            Assert.Equal(HttpStatusCode.NotFound, deleted.StatusCode);
        }

        Assert.Equal(4, Server.RequestLog.Entries.Count(e => e.StatusCode == 429));
    }

    private async Task AssertLimitAsync(string path, int limit)
    {
        for (var i = 0; i < limit; i++)
        {
            using var ok = await Http.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var refused = await Http.GetAsync(path, Ct);
        await AssertRateLimitedAsync(refused);
    }

    private static async Task AssertRateLimitedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.InRange(response.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
        var error = (await JsonAsync(response))["error"]!;
        Assert.Equal("rate_limit_exceeded", (string?)error["code"]);
    }
}
