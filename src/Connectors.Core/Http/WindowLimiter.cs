namespace Connectors.Core.Http;

/// <summary>
/// A sliding-window request limiter on a <see cref="TimeProvider"/>: at most <c>permits</c> requests in any
/// interval of one window, later requests queued in order (up to a limit) until the window has room.
/// </summary>
/// <remarks>
/// The window is counted in segments of a twelfth of it, over thirteen segments: an interval of one window that
/// starts late in a segment would otherwise see that segment's requests and a full window's more. A sustained
/// rate therefore stays a thirteenth under the limit. The clock is injected so tests can move it.
/// </remarks>
internal sealed class WindowLimiter : IDisposable
{
    private const int Segments = 13;
    private readonly int _permits;
    private readonly int _queueLimit;
    private readonly int[] _counts = new int[Segments];
    private readonly LinkedList<Waiter> _queue = new();
    private readonly ITimer _timer;
    private readonly Lock _lock = new();
    private int _current;
    private int _used;
    private bool _disposed;

    public WindowLimiter(int permits, TimeSpan window, int queueLimit, TimeProvider time)
    {
        _permits = permits;
        _queueLimit = queueLimit;
        var segment = window / (Segments - 1);
        _timer = time.CreateTimer(static self => ((WindowLimiter)self!).Tick(), this, segment, segment);
    }

    /// <summary>Waits for room in the window; false when the queue is full.</summary>
    public ValueTask<bool> AcquireAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_queue.Count == 0 && _used < _permits)
            {
                Take();
                return ValueTask.FromResult(true);
            }

            if (_queue.Count >= _queueLimit)
            {
                return ValueTask.FromResult(false);
            }

            var waiter = new Waiter();
            var node = _queue.AddLast(waiter);
            waiter.Registration = cancellationToken.Register(static state =>
            {
                var (limiter, node, token) = ((WindowLimiter, LinkedListNode<Waiter>, CancellationToken))state!;
                limiter.Cancel(node, token);
            }, (this, node, cancellationToken));
            return new ValueTask<bool>(waiter.Task);
        }
    }

    public void Dispose()
    {
        List<Waiter> abandoned;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            abandoned = [.. _queue];
            _queue.Clear();
        }

        _timer.Dispose();
        foreach (var waiter in abandoned)
        {
            waiter.Registration.Dispose();
            waiter.TrySetException(new ObjectDisposedException(nameof(WindowLimiter)));
        }
    }

    private void Take()
    {
        _used++;
        _counts[_current]++;
    }

    /// <summary>Moves the window one segment: the oldest segment's requests leave it, and waiters take the room.</summary>
    private void Tick()
    {
        List<Waiter>? released = null;
        lock (_lock)
        {
            _current = (_current + 1) % Segments;
            _used -= _counts[_current];
            _counts[_current] = 0;
            while (_used < _permits && _queue.First is { } first)
            {
                _queue.RemoveFirst();
                Take();
                (released ??= []).Add(first.Value);
            }
        }

        foreach (var waiter in released ?? [])
        {
            waiter.Registration.Dispose();
            waiter.TrySetResult(true);
        }
    }

    private void Cancel(LinkedListNode<Waiter> node, CancellationToken token)
    {
        lock (_lock)
        {
            if (node.List is null)
            {
                return; // already released
            }

            _queue.Remove(node);
        }

        node.Value.TrySetCanceled(token);
    }

    private sealed class Waiter() : TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public CancellationTokenRegistration Registration { get; set; }
    }
}
