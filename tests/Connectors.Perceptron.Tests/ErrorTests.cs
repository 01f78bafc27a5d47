using System.Net;
using Connectors.Core;
using Connectors.Tests;

namespace Connectors.Perceptron.Tests;

public class ErrorTests
{
    private static async Task<ChatServiceException> FailAsync(HttpStatusCode status, string file, string contentType = "application/json", params (string, string)[] headers)
    {
        using var client = TestClients.Create(new FakeHttpHandler().Reply(status, TestClients.TestData("errors", file), contentType, headers));
        return await Assert.ThrowsAnyAsync<ChatServiceException>(() => client.GetResponseAsync(TestClients.Ask("x")));
    }

    [Fact]
    public async Task Rate_limit_is_retryable_after_the_given_delay()
    {
        var error = await FailAsync(HttpStatusCode.TooManyRequests, "429-rate-limit.json", headers: ("Retry-After", "30"));
        Assert.IsType<ChatRateLimitException>(error);
        Assert.True(error.IsRetryable);
        Assert.Equal(TimeSpan.FromSeconds(30), error.RetryAfter);
        Assert.Equal("rate_limit_exceeded", error.ErrorCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
    }

    [Fact]
    public async Task Insufficient_quota_is_never_retried()
    {
        var error = await FailAsync(HttpStatusCode.TooManyRequests, "429-insufficient-quota.json");
        Assert.IsType<ChatQuotaExceededException>(error);
        Assert.False(error.IsRetryable);
        Assert.Equal("insufficient_quota", error.ErrorType);
    }

    [Fact]
    public async Task Overloaded_is_retryable()
    {
        var error = await FailAsync(HttpStatusCode.ServiceUnavailable, "503-overloaded.json", headers: ("Retry-After", "30"));
        Assert.IsType<ChatServerException>(error);
        Assert.True(error.IsRetryable);
        Assert.Equal(TimeSpan.FromSeconds(30), error.RetryAfter);
        Assert.Equal("model_overloaded", error.ErrorCode);
    }

    [Fact]
    public async Task Nested_5xx_error_is_unwrapped()
    {
        var error = await FailAsync(HttpStatusCode.InternalServerError, "500-nested.json");
        Assert.Contains("Generated content did not match the requested structured-output format.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\\\"", error.Message, StringComparison.Ordinal);
        Assert.Equal("output_validation_failed", error.ErrorCode);
        Assert.Equal("response_format", error.Parameter);
        Assert.Equal("server_error", error.ErrorType);
    }

    [Fact]
    public async Task Trace_id_is_on_the_exception()
    {
        var error = await FailAsync(HttpStatusCode.BadRequest, "400-unsupported-parameter.json", headers: ("x-trace-id", "0123abcd"));
        Assert.IsType<ChatInvalidRequestException>(error);
        Assert.Equal("0123abcd", error.RequestId);
        Assert.Equal("unsupported_parameter", error.ErrorCode);
        Assert.Equal("tools", error.Parameter);
        Assert.Contains("0123abcd", error.ToString(), StringComparison.Ordinal);
        Assert.False(error.IsRetryable);
    }

    [Fact]
    public async Task Authentication_failure_never_shows_the_key()
    {
        var error = await FailAsync(HttpStatusCode.Unauthorized, "401-auth.json");
        Assert.IsType<ChatAuthenticationException>(error);
        Assert.DoesNotContain(TestClients.ApiKey, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestClients.ApiKey, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_echoed_by_the_service_is_redacted()
    {
        using var client = TestClients.Create(new FakeHttpHandler().Reply(HttpStatusCode.Unauthorized, "{\"error\":{\"message\":\"Incorrect API key provided: " + TestClients.ApiKey + "\",\"type\":\"authentication_error\"}}"));
        var error = await Assert.ThrowsAsync<ChatAuthenticationException>(() => client.GetResponseAsync(TestClients.Ask("x")));
        Assert.DoesNotContain(TestClients.ApiKey, error.ToString(), StringComparison.Ordinal);
        Assert.Contains("***", error.Message, StringComparison.Ordinal); // both services mark a removed key the same way
    }

    [Fact]
    public async Task Plain_text_504_is_a_clear_error()
    {
        var error = await FailAsync(HttpStatusCode.GatewayTimeout, "504-plain.txt", "text/plain");
        Assert.IsType<ChatServerException>(error);
        Assert.Equal(HttpStatusCode.GatewayTimeout, error.StatusCode);
        Assert.Contains("upstream request timeout", error.Message, StringComparison.Ordinal);
        Assert.True(error.IsRetryable);
    }

    [Fact]
    public async Task Errors_before_a_stream_starts_throw_the_same_types()
    {
        using var client = TestClients.Create(new FakeHttpHandler().Reply(HttpStatusCode.TooManyRequests, TestClients.TestData("errors", "429-rate-limit.json")));
        await Assert.ThrowsAsync<ChatRateLimitException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync(TestClients.Ask("x")))
            {
            }
        });
    }

    [Fact]
    public async Task An_unreachable_endpoint_is_a_typed_retryable_error()
    {
        using var client = new PerceptronChatClient(new PerceptronClientOptions { Endpoint = new Uri("http://127.0.0.1:9/v1"), Resilience = new() { RetriesEnabled = false } });
        var error = await Assert.ThrowsAsync<ChatServiceException>(() => client.GetResponseAsync(TestClients.Ask("x")));
        Assert.True(error.IsRetryable);
        Assert.Contains("Could not reach perceptron", error.Message, StringComparison.Ordinal);
    }
}
