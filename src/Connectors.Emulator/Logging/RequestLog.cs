using System.Text.Json;
using System.Text.Json.Serialization;

namespace Connectors.Emulator.Logging;

/// <summary>The requests an emulator received, in memory and optionally as JSON lines in a file. Thread-safe.</summary>
public sealed class RequestLog
{
    private readonly Lock _gate = new();
    private readonly List<RequestLogEntry> _entries = [];
    private readonly string? _path;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal RequestLog(string? path)
    {
        _path = path;
        if (path is not null && Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir)
        {
            Directory.CreateDirectory(dir);
        }
    }

    /// <summary>A snapshot of every entry so far, oldest first.</summary>
    public IReadOnlyList<RequestLogEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>The most recent entry for a path (e.g. <c>/v1/chat/completions</c>), if any.</summary>
    public RequestLogEntry? Last(string path)
    {
        lock (_gate)
        {
            return _entries.LastOrDefault(e => e.Path == path);
        }
    }

    /// <summary>Forgets the in-memory entries.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    /// <summary>Waits until some entry satisfies <paramref name="predicate"/>; false on timeout.</summary>
    public async Task<bool> WaitForAsync(Func<RequestLogEntry, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_entries.Any(predicate))
                {
                    return true;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }
    }

    /// <summary>Waits until the emulator saw a client close the connection of a request to <paramref name="path"/> (any path when null).</summary>
    public Task<bool> WaitForClientAbortAsync(TimeSpan timeout, string? path = null, CancellationToken cancellationToken = default) =>
        WaitForAsync(e => e.ClientAborted && e.Completed && (path is null || e.Path == path), timeout, cancellationToken);

    internal void Add(RequestLogEntry entry)
    {
        lock (_gate)
        {
            _entries.Add(entry);
        }

        Signal();
    }

    internal void Complete(RequestLogEntry entry)
    {
        entry.Completed = true;
        if (_path is not null)
        {
            var line = JsonSerializer.Serialize(entry, LogJsonContext.Default.RequestLogEntry);
            lock (_gate)
            {
                File.AppendAllText(_path, line + "\n");
            }
        }

        Signal();
    }

    private void Signal()
    {
        TaskCompletionSource previous;
        lock (_gate)
        {
            previous = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RequestLogEntry))]
internal sealed partial class LogJsonContext : JsonSerializerContext;
