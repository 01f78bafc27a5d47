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
    private static readonly ResiliencePropertyKey<CallDeadline> DeadlineKey = new("connectors.deadline");

    private readonly ResiliencePipeline _pipeline;
    private readonly WindowLimiter? _limiter;
    private readonly RateLimiter? _shared;
    private readonly bool _waitForPermit;
    private readonly TimeProvider _time;
    private readonly string _provider;

    /// <summary>Creates the policy.</summary>
    /// <param name="options">Retries and rate limit.</param>
    /// <param name="provider">The service's name, for messages.</param>
    /// <param name="time">The clock of the backoff waits and the rate-limit window; the system's by default.</param>
    public RequestPolicy(ChatResilienceOptions options, string provider, TimeProvider? time = null)
    {
        options.Validate();
        _provider = provider;
        time ??= TimeProvider.System;
        _pipeline = options.RetriesEnabled && options.MaxRetries > 0
            ? new ResiliencePipelineBuilder { TimeProvider = time }.AddRetry(RetryOptions(options)).Build()
            : ResiliencePipeline.Empty;
        _shared = options.GetRateLimiter();
        _waitForPermit = options.WaitsForPermit;
        _time = time;
        _limiter = _shared is null && options.RequestsPerWindow is { } permits
            ? new WindowLimiter(permits, options.RateLimitWindow, options.RateLimitQueueLimit, time)
            : null;
    }

    /// <summary>Runs <paramref name="send"/> (which must create a fresh request each time) under the policy.</summary>
    /// <param name="send">Sends one attempt.</param>
    /// <param name="state">The attempt's state.</param>
    /// <param name="deadline">The call's deadline: a <c>Retry-After</c> longer than the time it leaves is not waited on.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async ValueTask<HttpResponseMessage> ExecuteAsync<TState>(Func<TState, CancellationToken, ValueTask<HttpResponseMessage>> send, TState state, CallDeadline? deadline, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            if (deadline is not null)
            {
                context.Properties.Set(DeadlineKey, deadline);
            }

            return await _pipeline.ExecuteAsync(
                static async (context, s) =>
                {
                    if (s.Policy._limiter is { } limiter)
                    {
                        if (!await limiter.AcquireAsync(context.CancellationToken).ConfigureAwait(false))
                        {
                            throw new ChatRateLimitException($"The client-side rate limiter for {s.Policy._provider} has too many queued requests; raise ChatResilienceOptions.RateLimitQueueLimit or send fewer at once.");
                        }
                    }

                    if (s.Policy._shared is not { } shared)
                    {
                        return await s.Send(s.State, context.CancellationToken).ConfigureAwait(false);
                    }

                    using var lease = await SharedPermits.AcquireAsync(shared, s.Policy._waitForPermit, s.Deadline, s.Policy._time, s.Policy._provider, context.CancellationToken).ConfigureAwait(false);
                    return await s.Send(s.State, context.CancellationToken).ConfigureAwait(false);
                },
                context,
                (Policy: this, Send: send, State: state, Deadline: deadline)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    public void Dispose() => _limiter?.Dispose();

    /// <summary>
    /// Whether a failure is worth another attempt. A <c>Retry-After</c> beyond <see cref="ChatResilienceOptions.MaxRetryAfter"/>
    /// or beyond the time the call has left is not waited on: the 429/503 surfaces at once with its <c>RetryAfter</c>,
    /// so the caller hears "rate limited, come back in N s" rather than a timeout that hides it.
    /// </summary>
    internal static bool ShouldRetry(ChatServiceException e, ChatResilienceOptions options, TimeSpan timeLeft)
    {
        if (!e.IsRetryable || e is ChatTimeoutException or ChatStreamException)
        {
            return false;
        }

        if (e.RetryAfter is not { } retryAfter)
        {
            return true;
        }

        return retryAfter <= options.MaxRetryAfter && (timeLeft == Timeout.InfiniteTimeSpan || retryAfter < timeLeft);
    }

    private static RetryStrategyOptions RetryOptions(ChatResilienceOptions options) => new()
    {
        MaxRetryAttempts = options.MaxRetries,
        Delay = options.BaseDelay,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        ShouldHandle = args => new ValueTask<bool>(args.Outcome.Exception is ChatServiceException e
            && ShouldRetry(e, options, args.Context.Properties.TryGetValue(DeadlineKey, out var deadline) ? deadline.TimeLeft : Timeout.InfiniteTimeSpan)),
        DelayGenerator = args =>
            new ValueTask<TimeSpan?>(args.Outcome.Exception is ChatServiceException { RetryAfter: { } retryAfter } ? retryAfter : null),
    };
}
