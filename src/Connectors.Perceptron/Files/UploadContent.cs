using System.Buffers;
using System.Net;

namespace Connectors.Perceptron.Files;

/// <summary>
/// A file's bytes as one multipart part, copied from the caller's stream through a small pooled buffer: its length
/// is known before sending (so the upload goes out with <c>Content-Length</c>, never chunked) and memory stays flat
/// whatever the file's size. The stream is the caller's: never disposed here.
/// </summary>
internal sealed class UploadContent : HttpContent
{
    private const int BufferSize = 64 * 1024;
    private readonly Stream _source;
    private readonly long _start;
    private readonly long _length;

    public UploadContent(Stream source, long start, long length)
    {
        _source = source;
        _start = start;
        _length = length;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        // From the start on every attempt: a retried upload sends the same bytes again.
        _source.Position = _start;
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var left = _length;
            while (left > 0)
            {
                var read = await _source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException($"The upload stream ended {left} bytes before the length it had when the upload began ({_length} bytes).");
                }

                await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                left -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }
}
