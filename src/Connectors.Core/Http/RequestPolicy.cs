using Polly;
using Polly.Retry;

namespace Connectors.Core.Http;

/// <summary>
/// The retry and rate-limit policy around sending one request (up to the response headers). It never
/// re-sends once a reply has started to be read, so a stream that has begun yielding is never repeated.
/// </summary>
internal sealed class RequestPolicy : IDisposable
{
    private readonly ResiliencePipeline _pipeline;
    private readonly WindowLimiter? _limiter;
    private readonly string _provider;

    /// <summary>Creates the policy.</summary>
    /// <param name="options">Retries and rate limit.</param>
    /// <param name="provider">The service's name, for messages.</param>
    /// <param name="time">The clock that moves the rate-limit window; the system's by default.</param>
    public RequestPolicy(ChatResilienceOptions options, string provider, TimeProvider? time = null)
    {
        options.Validate();
        _provider = provider;
        _pipeline = options.RetriesEnabled && options.MaxRetries > 0
            ? new ResiliencePipelineBuilder().AddRetry(RetryOptions(options)).Build()
            : ResiliencePipeline.Empty;
        _limiter = options.RequestsPerWindow is { } permits
            ? new WindowLimiter(permits, options.RateLimitWindow, options.RateLimitQueueLimit, time ?? TimeProvider.System)
            : null;
    }

    /// <summary>Runs <paramref name="send"/> (which must create a fresh request each time) under the policy.</summary>
    public ValueTask<HttpResponseMessage> ExecuteAsync<TState>(Func<TState, CancellationToken, ValueTask<HttpResponseMessage>> send, TState state, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(
            static async (s, token) =>
            {
                if (s.Policy._limiter is { } limiter)
                {
                    if (!await limiter.AcquireAsync(token).ConfigureAwait(false))
                    {
                        throw new ChatRateLimitException($"The client-side rate limiter for {s.Policy._provider} has too many queued requests; raise ChatResilienceOptions.RateLimitQueueLimit or send fewer at once.");
                    }
                }

                return await s.Send(s.State, token).ConfigureAwait(false);
            },
            (Policy: this, Send: send, State: state),
            cancellationToken);

    public void Dispose() => _limiter?.Dispose();

    private static RetryStrategyOptions RetryOptions(ChatResilienceOptions options) => new()
    {
        MaxRetryAttempts = options.MaxRetries,
        Delay = options.BaseDelay,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        ShouldHandle = new PredicateBuilder().Handle<ChatServiceException>(static e => e.IsRetryable && e is not ChatTimeoutException and not ChatStreamException),
        DelayGenerator = args =>
            new ValueTask<TimeSpan?>(args.Outcome.Exception is ChatServiceException { RetryAfter: { } retryAfter }
                ? (retryAfter < options.MaxRetryAfter ? retryAfter : options.MaxRetryAfter)
                : null),
    };
}
