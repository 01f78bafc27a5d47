using System.Threading.RateLimiting;
using Polly;
using Polly.Retry;

namespace Connectors.Core.Http;

/// <summary>
/// The retry and rate-limit policy around sending one request (up to the response headers). It never
/// re-sends once a reply has started to be read, so a stream that has begun yielding is never repeated.
/// </summary>
internal sealed class RequestPolicy : IDisposable
{
    private const int Segments = 12;
    private readonly ResiliencePipeline _pipeline;
    private readonly RateLimiter? _limiter;
    private readonly string _provider;

    public RequestPolicy(ChatResilienceOptions options, string provider)
    {
        options.Validate();
        _provider = provider;
        _pipeline = options.RetriesEnabled && options.MaxRetries > 0
            ? new ResiliencePipelineBuilder().AddRetry(RetryOptions(options)).Build()
            : ResiliencePipeline.Empty;
        // The limiter counts in whole segments, so an interval of one window that starts late in a segment would
        // see that segment's requests and a full window's more. A window one segment longer keeps every interval
        // of RateLimitWindow within the limit (a sustained rate stays 1/13 under it).
        _limiter = options.RequestsPerWindow is { } permits
            ? new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
            {
                PermitLimit = permits,
                Window = options.RateLimitWindow + (options.RateLimitWindow / Segments),
                SegmentsPerWindow = Segments + 1,
                QueueLimit = options.RateLimitQueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            })
            : null;
    }

    /// <summary>Runs <paramref name="send"/> (which must create a fresh request each time) under the policy.</summary>
    public ValueTask<HttpResponseMessage> ExecuteAsync<TState>(Func<TState, CancellationToken, ValueTask<HttpResponseMessage>> send, TState state, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(
            static async (s, token) =>
            {
                if (s.Policy._limiter is { } limiter)
                {
                    using var lease = await limiter.AcquireAsync(1, token).ConfigureAwait(false);
                    if (!lease.IsAcquired)
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
