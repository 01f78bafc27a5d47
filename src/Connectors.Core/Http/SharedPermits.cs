using System.Threading.RateLimiting;

namespace Connectors.Core.Http;

/// <summary>
/// Takes a permit from an application's own limiter. Limiters shared through a store (Redis windows) cannot queue and
/// refuse at once when the window is full; when the application asks to wait, the refusal is asked again after the
/// limiter's retry-after or a short pause growing to a second, with jitter so that many waiters do not ask in step.
/// </summary>
internal static class SharedPermits
{
    internal static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(50);
    internal static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(1);

    /// <summary>A granted lease, or a <see cref="ChatRateLimitException"/> once waiting would outlast the call.</summary>
    public static async ValueTask<RateLimitLease> AcquireAsync(RateLimiter limiter, bool wait, CallDeadline? deadline, TimeProvider time, string provider, CancellationToken cancellationToken)
    {
        var pause = FirstPause;
        while (true)
        {
            var lease = await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
            if (lease.IsAcquired)
            {
                return lease;
            }

            TimeSpan? retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) && after > TimeSpan.Zero ? after : null;
            lease.Dispose();
            var delay = retryAfter ?? Jittered(pause);
            var left = deadline?.TimeLeft ?? Timeout.InfiniteTimeSpan;
            if (!wait || (left != Timeout.InfiniteTimeSpan && delay >= left))
            {
                throw new ChatRateLimitException(wait
                    ? $"The application's rate limiter for {provider} had no permit before the call's RequestTimeout; raise the limit or the timeout, or send fewer requests at once."
                    : $"The application's rate limiter for {provider} refused a permit; send fewer requests at once, wait for the window, or pass waitForPermit to UseRateLimiter.")
                {
                    ProviderName = provider,
                    IsRetryable = true,
                    RetryAfter = retryAfter,
                };
            }

            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
        }
    }

    /// <summary>Between half and all of the pause.</summary>
    private static TimeSpan Jittered(TimeSpan pause) => pause * (0.5 + (Random.Shared.NextDouble() / 2));
}
