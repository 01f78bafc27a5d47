using System.Threading.RateLimiting;

namespace Connectors.Emulator.Faults;

/// <summary>A sliding-window limiter per API key, as the services apply per key per minute.</summary>
internal sealed class KeyRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public KeyRateLimiter(int permitsPerMinute)
    {
        Limit = permitsPerMinute;
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetSlidingWindowLimiter(key, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = permitsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            SegmentsPerWindow = 6,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    public int Limit { get; }

    /// <summary>Takes one permit; on refusal gives the seconds to wait.</summary>
    public RateDecision Acquire(string key)
    {
        using var lease = _limiter.AttemptAcquire(key);
        var remaining = (int)(_limiter.GetStatistics(key)?.CurrentAvailablePermits ?? 0);
        if (lease.IsAcquired)
        {
            return new RateDecision(true, remaining, 0);
        }

        var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 10;
        return new RateDecision(false, remaining, retry);
    }

    public void Dispose() => _limiter.Dispose();
}

internal readonly record struct RateDecision(bool Allowed, int Remaining, int RetryAfterSeconds);
