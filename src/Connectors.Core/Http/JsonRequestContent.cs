using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Core.Wire;

namespace Connectors.Core.Http;

/// <summary>
/// Serializes the request straight into the request stream, so large images are encoded once and never
/// held as a second copy. With a caller-supplied raw request, the caller's fields win over typed options.
/// </summary>
internal sealed class JsonRequestContent : HttpContent
{
    private readonly ChatCompletionRequest _request;
    private readonly JsonObject? _overrides;
    private long? _length;

    public JsonRequestContent(ChatCompletionRequest request, JsonObject? overrides)
    {
        _request = request;
        _overrides = overrides;
        Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (_overrides is null)
        {
            await JsonSerializer.SerializeAsync(stream, _request, CoreJsonContext.Wire.ChatCompletionRequest, cancellationToken).ConfigureAwait(false);
            return;
        }

        var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = CoreJsonContext.Wire.Options.Encoder });
        await using var _ = writer.ConfigureAwait(false);
        Merged().WriteTo(writer);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The exact body length, so the request goes out with <c>Content-Length</c>: gateways and proxies refuse
    /// chunked uploads. Counted by writing the body to a sink with each image's base64 left out and its length
    /// (known from the image's size) added, so images are not encoded twice.
    /// </summary>
    protected override bool TryComputeLength(out long length)
    {
        length = _length ??= ComputeLength();
        return true;
    }

    private long ComputeLength()
    {
        using var sink = new CountingStream();
        if (_overrides is not null)
        {
            using var writer = new Utf8JsonWriter(sink, new JsonWriterOptions { Encoder = CoreJsonContext.Wire.Options.Encoder });
            Merged().WriteTo(writer);
            writer.Flush();
            return sink.Length;
        }

        WireImageUrlConverter.BeginCounting();
        try
        {
            JsonSerializer.Serialize(sink, _request, CoreJsonContext.Wire.ChatCompletionRequest);
        }
        finally
        {
            sink.Skipped(WireImageUrlConverter.EndCounting());
        }

        return sink.Length;
    }

    private JsonObject Merged()
    {
        var merged = (JsonObject)JsonSerializer.SerializeToNode(_request, CoreJsonContext.Wire.ChatCompletionRequest)!;
        foreach (var (name, value) in _overrides!)
        {
            merged[name] = value?.DeepClone();
        }

        return merged;
    }

    /// <summary>A write-only stream that counts what it is given and keeps nothing.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public void Skipped(long bytes) => _length += bytes;

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
