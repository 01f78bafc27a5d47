namespace Connectors.Core.Http;

/// <summary>
/// A read-only stream that fails with <see cref="IOException"/> once a line runs past a limit, so a stream's reader
/// never buffers one unbounded event. Counted as the bytes pass, with a vectorized search for line ends.
/// </summary>
internal sealed class LineLimitedStream(Stream inner, int maxLineBytes) : Stream
{
    private long _lineLength;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Count(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => inner.DisposeAsync();

    private int Count(ReadOnlySpan<byte> read)
    {
        var last = read.LastIndexOfAny((byte)'\n', (byte)'\r');
        _lineLength = last < 0 ? _lineLength + read.Length : read.Length - last - 1;
        if (_lineLength > maxLineBytes)
        {
            throw new IOException($"a line of the stream ran past {maxLineBytes / (1024 * 1024)} MB");
        }

        return read.Length;
    }
}
