using System.Collections.Concurrent;
using System.Diagnostics;

namespace Connectors.Emulator.Faults;

/// <summary>
/// The services' limit per API key, read literally: no more than the limit in any window-long span (a minute unless the
/// options shorten it). An exact log of arrival times per key, since a segmented window holds permits up to a segment
/// longer than the window and so refuses requests the published limit allows.
/// </summary>
internal sealed class KeyRateLimiter : IDisposable
{
    private readonly ConcurrentDictionary<string, Queue<long>> _arrivals = new(StringComparer.Ordinal);
    private readonly TimeSpan _window;

    public KeyRateLimiter(int permitsPerWindow, TimeSpan window)
    {
        Limit = permitsPerWindow;
        _window = window;
    }

    public int Limit { get; }

    /// <summary>Takes one permit; on refusal gives the seconds until the oldest arrival leaves the window.</summary>
    public RateDecision Acquire(string key)
    {
        var arrivals = _arrivals.GetOrAdd(key, _ => new Queue<long>());
        lock (arrivals)
        {
            var now = Stopwatch.GetTimestamp();
            while (arrivals.Count > 0 && Stopwatch.GetElapsedTime(arrivals.Peek(), now) >= _window)
            {
                arrivals.Dequeue();
            }

            if (arrivals.Count < Limit)
            {
                arrivals.Enqueue(now);
                return new RateDecision(true, Limit - arrivals.Count, 0);
            }

            var wait = arrivals.Count > 0 ? _window - Stopwatch.GetElapsedTime(arrivals.Peek(), now) : _window;
            return new RateDecision(false, 0, Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)));
        }
    }

    public void Dispose() => _arrivals.Clear();
}

internal readonly record struct RateDecision(bool Allowed, int Remaining, int RetryAfterSeconds);
