using System.Threading.RateLimiting;

namespace Connectors.Core;

/// <summary>
/// How a Connectors client survives transient failures: retries with backoff for failures before any output
/// (rate limits, overload, 5xx, unreachable service), honouring <c>Retry-After</c>, and a client-side rate
/// limiter so bursts queue instead of hitting the service's limit. One policy for clients built by hand and
/// through dependency injection.
/// </summary>
public sealed class ChatResilienceOptions
{
    /// <summary>Whether failed requests are retried. Off: every failure surfaces at once.</summary>
    public bool RetriesEnabled { get; set; } = true;

    /// <summary>Retries after the first attempt; 2 by default, so an interactive caller hears of a failure within about 20 s (raise it for batch work).</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>The first backoff delay; later ones grow exponentially, with jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest <c>Retry-After</c> waited on (10 s by default). A longer one, or one longer than the call has left of
    /// its request timeout, is not waited on: the 429 or 503 surfaces at once, with its <c>RetryAfter</c>.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Requests allowed in any interval of <see cref="RateLimitWindow"/>, or null for no client-side limit. Requests
    /// beyond it wait for a permit (up to <see cref="RateLimitQueueLimit"/> of them).
    /// </summary>
    public int? RequestsPerWindow { get; set; }

    /// <summary>The rate-limit window. Defaults to one minute.</summary>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many requests may wait for a rate-limit permit before new ones fail.</summary>
    public int RateLimitQueueLimit { get; set; } = 10_000;

    private RateLimiter? _rateLimiter;
    private bool _waitForPermit;

    /// <summary>The limiter given to <see cref="UseRateLimiter"/>, if any (a method: configuration binding skips it).</summary>
    internal RateLimiter? GetRateLimiter() => _rateLimiter;

    /// <summary>Whether a permit the limiter refuses is waited for (see <see cref="UseRateLimiter"/>).</summary>
    internal bool WaitsForPermit => _waitForPermit;

    /// <summary>
    /// Uses any rate limiter in place of <see cref="RequestsPerWindow"/>: one shared by several clients, or one backed
    /// by a store that replicas share, so together they keep to one key's limit. The client takes one permit per
    /// attempt and holds it until the reply's headers arrive. A refused permit is a <see cref="ChatRateLimitException"/>
    /// with the limiter's retry-after, unless <paramref name="waitForPermit"/> is set: then the client asks again after
    /// the limiter's retry-after (or, when it gives none, after a short growing pause) until the call's
    /// <c>RequestTimeout</c> would pass. Set it for limiters that cannot queue, such as the Redis-backed windows
    /// processes share. The application owns the limiter: clients never dispose it. (A method, not a property, so
    /// binding the options from configuration is unaffected.)
    /// </summary>
    /// <param name="limiter">The limiter, or null for the built-in window again.</param>
    /// <param name="waitForPermit">Whether to wait for a refused permit instead of failing at once.</param>
    /// <returns>These options, for chaining.</returns>
    public ChatResilienceOptions UseRateLimiter(RateLimiter? limiter, bool waitForPermit = false)
    {
        _rateLimiter = limiter;
        _waitForPermit = limiter is not null && waitForPermit;
        return this;
    }

    /// <summary>Checks the options, naming what to change.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (MaxRetries < 0 || BaseDelay < TimeSpan.Zero || MaxRetryAfter < TimeSpan.Zero)
        {
            throw new ArgumentException("ChatResilienceOptions: MaxRetries, BaseDelay and MaxRetryAfter must not be negative.");
        }

        if (RequestsPerWindow is <= 0 || RateLimitWindow <= TimeSpan.Zero || RateLimitQueueLimit < 0)
        {
            throw new ArgumentException("ChatResilienceOptions: RequestsPerWindow and RateLimitWindow must be positive and RateLimitQueueLimit not negative.");
        }
    }

    /// <summary>A copy, so a client is not affected by later changes to the caller's instance.</summary>
    /// <returns>The copy.</returns>
    public ChatResilienceOptions Clone() => (ChatResilienceOptions)MemberwiseClone();
}
