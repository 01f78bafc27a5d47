using Connectors.Core;
using Connectors.Core.Http;
using Microsoft.Extensions.AI;

namespace Connectors.Perceptron.Files;

/// <summary>
/// A file's bytes as the server sends them, read on demand: never more than the file cap (a longer body is broken
/// or hostile) and never past the call's deadline, each ending in a typed error. Disposing it ends the call.
/// </summary>
internal sealed class FileDownloadStream : HostedFileDownloadStream
{
    private readonly HttpResponseMessage _response;
    private readonly CallDeadline _deadline;
    private readonly Stream _body;
    private readonly CancellationToken _caller;
    private readonly long _limit;
    private readonly string _fileId;
    private readonly string _timeout;
    private long _read;

    public FileDownloadStream(HttpResponseMessage response, CallDeadline deadline, Stream body, CancellationToken caller, long limit, string fileId, string timeout)
    {
        _response = response;
        _deadline = deadline;
        _body = body;
        _caller = caller;
        _limit = limit;
        _fileId = fileId;
        _timeout = timeout;
        MediaType = response.Content.Headers.ContentType?.MediaType;
        FileName = response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"');
    }

    /// <inheritdoc />
    public override string? MediaType { get; }

    /// <inheritdoc />
    public override string? FileName { get; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override long Length => _response.Content.Headers.ContentLength ?? throw new NotSupportedException("The server did not say how long the file is; read to the end instead.");

    public override long Position { get => _read; set => throw new NotSupportedException("A download is read in order; it cannot seek."); }

    public override void Flush()
    {
    }

    // Through the async path, so the deadline bounds a blocking read too.
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var linked = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _deadline.Token) : null;
        int read;
        try
        {
            read = await _body.ReadAsync(buffer, linked?.Token ?? _deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (Translate(e, cancellationToken) is { } typed)
        {
            throw typed;
        }

        return Count(read);
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A download is read in order; it cannot seek.");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _body.Dispose();
            _response.Dispose();
            _deadline.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Count(int read)
    {
        _read += read;
        return _read > _limit
            ? throw new ChatServiceException($"perceptron sent more than {_limit} bytes for {_fileId}, the most a file can hold: the download was stopped.") { ProviderName = "perceptron" }
            : read;
    }

    /// <summary>The typed error for a failed read: the deadline, or a connection that broke off mid-file.</summary>
    private ChatServiceException? Translate(Exception e, CancellationToken cancellationToken) => e switch
    {
        ChatServiceException => null,
        OperationCanceledException when !cancellationToken.IsCancellationRequested && !_caller.IsCancellationRequested && _deadline.Expired =>
            new ChatTimeoutException($"The download of {_fileId} did not finish within {_timeout} (RequestTimeout bounds the whole call, reading included).", e) { ProviderName = "perceptron" },
        IOException or HttpRequestException or System.Net.Sockets.SocketException =>
            new ChatStreamException($"The download of {_fileId} broke off after {_read} bytes: {e.Message}", e) { ProviderName = "perceptron", IsRetryable = true },
        _ => null,
    };
}
