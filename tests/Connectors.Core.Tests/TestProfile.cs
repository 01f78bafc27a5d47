using Connectors.Core.Profiles;
using Microsoft.Extensions.AI;

namespace Connectors.Core.Tests;

/// <summary>A profile with no rules of its own, to drive the engine directly.</summary>
internal static class TestProfile
{
    public static ChatServiceProfile Create(params OptionRow[] rows) => new()
    {
        ProviderName = "test",
        DefaultModelId = "m",
        Transport = new ServiceTransport { Endpoint = new("https://api.test/v1"), Resilience = new() { RetriesEnabled = false } },
        Options = new OptionTable(rows.Length > 0 ? rows : [.. StandardRows]),
    };

    /// <summary>Every standard row, as a service that follows the OpenAI API to the letter would list them.</summary>
    public static IEnumerable<OptionRow> StandardRows =>
    [
        StandardOptions.Temperature, StandardOptions.TopP, StandardOptions.TopK, StandardOptions.FrequencyPenalty, StandardOptions.PresencePenalty,
        StandardOptions.MaxOutputTokens, StandardOptions.Seed, StandardOptions.StopSequences, StandardOptions.ResponseFormat, StandardOptions.Tools,
        StandardOptions.ToolMode, StandardOptions.AllowMultipleToolCalls, StandardOptions.Effort, StandardOptions.Summary,
        StandardOptions.ConversationId, StandardOptions.AllowBackgroundResponses, StandardOptions.ContinuationToken,
    ];
}

/// <summary>An <see cref="IChatClient"/> over the engine with <see cref="TestProfile"/>.</summary>
internal sealed class EngineClient(HttpMessageHandler handler, ChatServiceProfile? profile = null, Microsoft.Extensions.Logging.ILogger? logger = null) : IChatClient
{
    private readonly ChatCompletionsEngine _engine = new(profile ?? TestProfile.Create(), new HttpClient(handler), logger);

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        _engine.GetResponseAsync(this, messages, options, cancellationToken);

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        _engine.GetStreamingResponseAsync(this, messages, options, cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose() => _engine.Dispose();
}

/// <summary>Answers every request with the same bytes, delivered in pieces of the sizes given.</summary>
internal sealed class BytesHandler(byte[] body, string contentType, Func<int, int>? pieceSize = null) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var content = new StreamContent(new PiecewiseStream(body, pieceSize ?? (_ => body.Length)));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = content });
    }

    /// <summary>A read-only stream that hands out at most the next piece's size per read.</summary>
    private sealed class PiecewiseStream(byte[] data, Func<int, int> pieceSize) : Stream
    {
        private int _position;
        private int _reads;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => data.Length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, Math.Max(1, pieceSize(_reads++))), data.Length - _position);
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
