using System.Net;
using Connectors.Core;
using Connectors.Tests;
using Microsoft.Extensions.AI;

namespace Connectors.Perceptron.Tests;

public class ResilienceTests
{
    private static PerceptronChatClient Create(FakeHttpHandler handler, ChatResilienceOptions resilience) =>
        TestClients.Create(handler, o => o.Resilience = resilience);

    private static ChatResilienceOptions Fast => new() { BaseDelay = TimeSpan.FromMilliseconds(1), MaxRetries = 3 };

    [Fact]
    public async Task Rate_limit_then_success_is_retried_honouring_retry_after()
    {
        var handler = new FakeHttpHandler()
            .Reply(HttpStatusCode.TooManyRequests, TestClients.TestData("errors", "429-rate-limit.json"), headers: ("Retry-After", "0"))
            .Reply(HttpStatusCode.ServiceUnavailable, TestClients.TestData("errors", "503-overloaded.json"), headers: ("Retry-After", "0"))
            .ReplyJson(TestClients.SimpleReply);
        using var client = Create(handler, Fast);

        var response = await client.GetResponseAsync(TestClients.Ask("x"));

        Assert.Equal("ok", response.Text);
        Assert.Equal(3, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.Equal(handler.Requests[0].Body, r.Body));
    }

    [Fact]
    public async Task Quota_and_other_4xx_are_never_retried()
    {
        var handler = new FakeHttpHandler().Reply(HttpStatusCode.TooManyRequests, TestClients.TestData("errors", "429-insufficient-quota.json"));
        using var client = Create(handler, Fast);
        await Assert.ThrowsAsync<ChatQuotaExceededException>(() => client.GetResponseAsync(TestClients.Ask("x")));
        Assert.Single(handler.Requests);

        var bad = new FakeHttpHandler().Reply(HttpStatusCode.BadRequest, TestClients.TestData("errors", "400-unsupported-parameter.json"));
        using var badClient = Create(bad, Fast);
        await Assert.ThrowsAsync<ChatInvalidRequestException>(() => badClient.GetResponseAsync(TestClients.Ask("x")));
        Assert.Single(bad.Requests);
    }

    [Fact]
    public async Task Persistent_server_errors_give_up_after_the_configured_retries()
    {
        var handler = new FakeHttpHandler();
        for (var i = 0; i < 4; i++)
        {
            handler.Reply(HttpStatusCode.GatewayTimeout, "upstream request timeout", "text/plain");
        }

        using var client = Create(handler, Fast);
        var error = await Assert.ThrowsAsync<ChatServerException>(() => client.GetResponseAsync(TestClients.Ask("x")));
        Assert.Equal(HttpStatusCode.GatewayTimeout, error.StatusCode);
        Assert.Equal(4, handler.Requests.Count);
    }

    [Fact]
    public async Task A_stream_is_retried_only_before_it_starts()
    {
        var handler = new FakeHttpHandler()
            .Reply(HttpStatusCode.ServiceUnavailable, TestClients.TestData("errors", "503-overloaded.json"), headers: ("Retry-After", "0"))
            .ReplySse(TestClients.TestData("sse", "truncated-no-done.sse"));
        using var client = Create(handler, Fast);

        var text = "";
        await Assert.ThrowsAsync<ChatStreamException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(TestClients.Ask("x")))
            {
                text += update.Text;
            }
        });

        Assert.Equal("There are 3", text);
        Assert.Equal(2, handler.Requests.Count); // the cut-off stream is not sent again
    }

    [Fact]
    public async Task Retries_can_be_switched_off()
    {
        var handler = new FakeHttpHandler().Reply(HttpStatusCode.ServiceUnavailable, TestClients.TestData("errors", "503-overloaded.json"));
        using var client = Create(handler, new ChatResilienceOptions { RetriesEnabled = false });
        await Assert.ThrowsAsync<ChatServerException>(() => client.GetResponseAsync(TestClients.Ask("x")));
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task The_client_rate_limiter_holds_requests_beyond_the_limit()
    {
        var handler = new FakeHttpHandler().ReplyJson(TestClients.SimpleReply).ReplyJson(TestClients.SimpleReply);
        using var client = Create(handler, new ChatResilienceOptions { RequestsPerWindow = 2, RateLimitWindow = TimeSpan.FromHours(1), RateLimitQueueLimit = 0 });

        await client.GetResponseAsync(TestClients.Ask("1"));
        await client.GetResponseAsync(TestClients.Ask("2"));
        var error = await Assert.ThrowsAsync<ChatRateLimitException>(() => client.GetResponseAsync(TestClients.Ask("3")));

        Assert.Contains("client-side rate limiter", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task A_queued_request_waits_for_a_permit_and_cancels_cleanly()
    {
        var handler = new FakeHttpHandler().ReplyJson(TestClients.SimpleReply);
        using var client = Create(handler, new ChatResilienceOptions { RequestsPerWindow = 1, RateLimitWindow = TimeSpan.FromHours(1), RetriesEnabled = false });
        await client.GetResponseAsync(TestClients.Ask("1"));

        using var cancel = new CancellationTokenSource();
        var waiting = client.GetResponseAsync(TestClients.Ask("2"), cancellationToken: cancel.Token);
        Assert.False(waiting.IsCompleted);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://example.com/a.png")]
    public async Task Only_http_https_and_data_urls_are_sent(string url)
    {
        var handler = new FakeHttpHandler();
        using var client = TestClients.Create(handler);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync([new(ChatRole.User, [new UriContent(url, "image/png")])]));
        Assert.Contains("http, https and data", error.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }
}
