using System.Net;
using System.Net.Http.Headers;

namespace Connectors.Reliability.Tests.Infrastructure;

/// <summary>Answers every request with the same bytes, handed out in pieces of the sizes given.</summary>
internal sealed class CannedReplyHandler(byte[] body, string contentType, Func<int> pieceSize) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var content = new StreamContent(new PiecewiseStream(body, pieceSize));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
    }

    private sealed class PiecewiseStream(byte[] data, Func<int> pieceSize) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => data.Length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, Math.Max(1, pieceSize())), data.Length - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
