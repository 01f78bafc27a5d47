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

    /// <summary>The transport's clock, for re-arming the idle timer.</summary>
    public TimeProvider Time => _time;

    /// <summary>(Re)starts the idle timer.</summary>
    public void ArmIdle(TimeSpan window) => _idleSource.CancelAfter(window);

    public void Dispose()
    {
        _linked.Dispose();
        _idleSource.Dispose();
        _totalSource.Dispose();
    }
}
