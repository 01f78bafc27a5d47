namespace Connectors.Core.Http;

/// <summary>
/// The deadlines of one call on the transport's clock: the total (<c>RequestTimeout</c>, over the whole call,
/// streamed or not, retries and their waits included) and, for streams, the idle timer, which a steady trickle of
/// empty events can keep feeding but which can never extend the total.
/// </summary>
internal sealed class CallDeadline : IDisposable
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _total;
    private readonly long _started;
    private readonly CancellationTokenSource _totalSource;
    private readonly CancellationTokenSource _idleSource;
    private readonly CancellationTokenSource _linked;
    private ITimer? _idleWatch;
    private TimeSpan _idle;
    private int _activity;
    private int _seenActivity;
    private long _silentSince;

    public CallDeadline(TimeProvider time, TimeSpan total, CancellationToken caller)
    {
        _time = time;
        _total = total;
        _started = time.GetTimestamp();
        _totalSource = new CancellationTokenSource(total, time);
        _idleSource = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(caller, _totalSource.Token, _idleSource.Token);
    }

    /// <summary>Cancelled by the caller, the total deadline or the idle timer.</summary>
    public CancellationToken Token => _linked.Token;

    /// <summary>Whether the total deadline has passed.</summary>
    public bool TotalExpired => _totalSource.IsCancellationRequested;

    /// <summary>Whether the idle timer ran out.</summary>
    public bool IdleExpired => _idleSource.IsCancellationRequested;

    /// <summary>Whether one of the deadlines (not the caller) ended the call.</summary>
    public bool Expired => TotalExpired || IdleExpired;

    /// <summary>The time until the total deadline (infinite when there is none).</summary>
    public TimeSpan TimeLeft => _total == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : _total - _time.GetElapsedTime(_started);

    /// <summary>
    /// Starts the idle timer: a watchdog that ticks every <see cref="IdleTick"/> and ends the call once no
    /// <see cref="Pulse"/> came for <paramref name="idle"/>. It never fires earlier than that after the last pulse, and at
    /// most two ticks (an eighth of the timeout, 2 s at most) later.
    /// </summary>
    public void WatchIdle(TimeSpan idle)
    {
        if (idle == Timeout.InfiniteTimeSpan || idle > TimeSpan.FromDays(1))
        {
            return;
        }

        _idle = idle;
        _silentSince = _time.GetTimestamp();
        var tick = IdleTick(idle);
        _idleWatch = _time.CreateTimer(static state => ((CallDeadline)state!).CheckIdle(), this, tick, tick);
    }

    /// <summary>Notes that the stream moved. One increment: a stream has thousands of events, and a clock read each cost more than reading one.</summary>
    public void Pulse() => _activity++;

    /// <summary>The watchdog's period: a sixteenth of the idle timeout, at most a second.</summary>
    internal static TimeSpan IdleTick(TimeSpan idle) => TimeSpan.FromTicks(Math.Clamp(idle.Ticks / 16, 1, TimeSpan.TicksPerSecond));

    private void CheckIdle()
    {
        var now = _time.GetTimestamp();
        var activity = Volatile.Read(ref _activity);
        if (activity != _seenActivity)
        {
            // Silence is counted from this tick, which is after the last pulse: never too early.
            _seenActivity = activity;
            _silentSince = now;
            return;
        }

        if (_time.GetElapsedTime(_silentSince, now) >= _idle)
        {
            _idleWatch?.Dispose();
            try
            {
                _idleSource.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The call ended as the watchdog fired.
            }
        }
    }

    public void Dispose()
    {
        _idleWatch?.Dispose();
        _linked.Dispose();
        _idleSource.Dispose();
        _totalSource.Dispose();
    }
}
