using System.Net;
using Connectors.Core;
using Microsoft.Extensions.AI;

namespace Connectors.JamAI.Tests;

public class ErrorTests
{
    [Theory]
    [InlineData("401-unauthorized.json", 401, typeof(ChatAuthenticationException), "unauthorized", false)]
    [InlineData("401-external.json", 401, typeof(ChatServerException), "external_authentication_failed", false)]
    [InlineData("403-forbidden.json", 403, typeof(ChatAuthenticationException), "forbidden", false)]
    [InlineData("403-insufficient-credits.json", 403, typeof(ChatQuotaExceededException), "insufficient_credits", false)]
    [InlineData("403-upgrade-tier.json", 403, typeof(ChatQuotaExceededException), "upgrade_tier", false)]
    [InlineData("404-not-found.json", 404, typeof(ChatInvalidRequestException), "resource_not_found", false)]
    [InlineData("422-validation.json", 422, typeof(ChatInvalidRequestException), "validation_error", false)]
    [InlineData("422-bad-input.json", 422, typeof(ChatInvalidRequestException), "bad_input", false)]
    [InlineData("422-context-overflow.json", 422, typeof(ChatInvalidRequestException), "context_overflow", false)]
    [InlineData("429-rate-limit.json", 429, typeof(ChatRateLimitException), "rate_limit_exceeded", true)]
    [InlineData("500-unexpected.json", 500, typeof(ChatServerException), "unexpected_error", true)]
    [InlineData("503-busy.json", 503, typeof(ChatServerException), "busy", true)]
    public async Task EachStatusMapsToItsException(string file, int status, Type type, string code, bool retryable)
    {
        foreach (var streaming in new[] { false, true })
        {
            var handler = new ScriptedHandler().Json(TestData.Read($"errors/{file}"), (HttpStatusCode)status);
            using var client = Clients.Create(handler);

            var error = await Assert.ThrowsAnyAsync<ChatServiceException>(() => streaming
                ? client.GetStreamingResponseAsync([new(ChatRole.User, "Hi")], cancellationToken: TestContext.Current.CancellationToken).ToChatResponseAsync(TestContext.Current.CancellationToken)
                : client.GetResponseAsync([new(ChatRole.User, "Hi")], cancellationToken: TestContext.Current.CancellationToken));

            Assert.IsType(type, error);
            Assert.Equal((HttpStatusCode)status, error.StatusCode);
            Assert.Equal(code, error.ErrorCode);
            Assert.Equal("jamai", error.ProviderName);
            Assert.Equal(retryable, error.IsRetryable);
            Assert.Equal(handler.Requests[0].Header("X-REQUEST-ID"), error.RequestId);
        }
    }

    [Fact]
    public async Task WithoutAnEchoTheBodyRequestIdIsUsed()
    {
        var handler = new ScriptedHandler { EchoRequestId = false }.Json(TestData.Read("errors/404-not-found.json"), HttpStatusCode.NotFound);
        using var client = Clients.Create(handler);

        var error = await Assert.ThrowsAsync<ChatInvalidRequestException>(() => client.GetResponseAsync([new(ChatRole.User, "Hi")], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("body-req-404", error.RequestId);
        Assert.Contains("Model \"openai/nope\" is not found.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidationErrorListsEachField()
    {
        var handler = new ScriptedHandler().Json(TestData.Read("errors/422-validation.json"), HttpStatusCode.UnprocessableEntity);
        using var client = Clients.Create(handler);

        var error = await Assert.ThrowsAsync<ChatInvalidRequestException>(() => client.GetResponseAsync([new(ChatRole.User, "Hi")], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("temperature: Input should be greater than or equal to 0.001", error.Message, StringComparison.Ordinal);
        Assert.Contains("messages[1].role: Input should be 'system', 'user' or 'assistant'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RateLimitCarriesHeaders()
    {
        var handler = new ScriptedHandler().Json(TestData.Read("errors/429-rate-limit.json"), HttpStatusCode.TooManyRequests, r =>
        {
            r.Headers.TryAddWithoutValidation("Retry-After", "12");
            r.Headers.TryAddWithoutValidation("X-RateLimit-Limit", "10");
            r.Headers.TryAddWithoutValidation("X-RateLimit-Remaining", "0");
            r.Headers.TryAddWithoutValidation("X-RateLimit-Reset", "1767225660");
            r.Headers.TryAddWithoutValidation("X-RateLimit-Used", "10");
        });
        using var client = Clients.Create(handler);

        var error = await Assert.ThrowsAsync<ChatRateLimitException>(() => client.GetResponseAsync([new(ChatRole.User, "Hi")], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(TimeSpan.FromSeconds(12), error.RetryAfter);
        Assert.Equal((10L, 0L, "1767225660", 10L), (error.RateLimit!.Limit, error.RateLimit.Remaining, error.RateLimit.Reset, error.RateLimit.Used));
    }

    [Fact]
    public async Task BusyCarriesRetryAfter()
    {
        var handler = new ScriptedHandler().Json(TestData.Read("errors/503-busy.json"), HttpStatusCode.ServiceUnavailable, r => r.Headers.TryAddWithoutValidation("Retry-After", "30"));
        using var client = Clients.Create(handler);

        var error = await Assert.ThrowsAsync<ChatServerException>(() => client.GetResponseAsync([new(ChatRole.User, "Hi")], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(TimeSpan.FromSeconds(30), error.RetryAfter);
    }

    [Fact]
    public async Task TheTokenNeverAppearsInAnError()
    {
        var body = $$"""{"object":"error","error":"unauthorized","message":"Token {{Clients.Token}} is invalid.","detail":null,"request_id":"r"}""";
        var handler = new ScriptedHandler().Json(body, HttpStatusCode.Unauthorized);
        using var client = Clients.Create(handler);

        var error = await Assert.ThrowsAsync<ChatAuthenticationException>(() => client.GetResponseAsync([new(ChatRole.User, "Hi")], cancellationToken: TestContext.Current.CancellationToken));

        Assert.DoesNotContain(Clients.Token, error.ToString(), StringComparison.Ordinal);
        Assert.Contains("***", error.Message, StringComparison.Ordinal);
    }
}
