using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Net.Http.Headers;
using Connectors.Core;
using Connectors.Perceptron;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Connectors.Benchmarks;

/// <summary>Answers every request with the same bytes, without a network; optionally drains the request body first.</summary>
internal sealed class ReplayHandler(byte[] reply, string mediaType, bool drainRequest = false) : HttpMessageHandler
{
    /// <summary>Bytes of the last request body drained.</summary>
    public long LastRequestBytes { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (drainRequest && request.Content is { } content)
        {
            // Pulls the body through the content's own serializer into a sink: nothing is buffered here.
            var sink = new CountingSink();
            await content.CopyToAsync(sink, cancellationToken).ConfigureAwait(false);
            LastRequestBytes = sink.Length;
        }

        var body = new ByteArrayContent(reply);
        body.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = body, RequestMessage = request };
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendAsync(request, cancellationToken).GetAwaiter().GetResult();
}

/// <summary>A write-only stream that counts and discards.</summary>
internal sealed class CountingSink : Stream
{
    private long _length;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _length;

    public override long Position { get => _length; set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => _length += count;

    public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        _length += count;
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _length += buffer.Length;
        return ValueTask.CompletedTask;
    }
}

/// <summary>The clients under comparison, built the way their users build them.</summary>
internal static class Clients
{
    public static readonly Uri Endpoint = new("http://127.0.0.1/v1");

    /// <summary>
    /// Ours without the client-side rate limiter: it is on by default (300 requests a minute, the service's limit), and a
    /// benchmark sends thousands a minute, so it would measure the queue, not the client.
    /// </summary>
    public static IChatClient Ours(HttpClient http, Uri? endpoint = null) =>
        new PerceptronChatClient(
            new PerceptronClientOptions
            {
                Endpoint = endpoint ?? Endpoint,
                ApiKey = "k",
                DefaultModelId = Payloads.Model,
                Resilience = new ChatResilienceOptions { RequestsPerWindow = null },
            },
            http);

    public static IChatClient OpenAI(HttpClient http, Uri? endpoint = null) =>
        new OpenAI.Chat.ChatClient(
            Payloads.Model,
            new ApiKeyCredential("k"),
            new OpenAIClientOptions { Endpoint = endpoint ?? Endpoint, Transport = new HttpClientPipelineTransport(http) }).AsIChatClient();

    public static List<ChatMessage> Question() =>
    [
        new(ChatRole.System, "You are a careful warehouse inspector."),
        new(ChatRole.User, "Describe what you see in the loading bay."),
    ];
}

/// <summary>Consumes streams the way a caller does: every update's contents are looked at.</summary>
internal static class Consume
{
    public static async Task<long> UpdatesAsync(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        long total = 0;
        await foreach (var update in updates.ConfigureAwait(false))
        {
            foreach (var content in update.Contents)
            {
                total += content switch
                {
                    TextContent text => text.Text.Length,
                    UsageContent usage => usage.Details.TotalTokenCount ?? 0,
                    FunctionCallContent call => call.Arguments?.Count ?? 0,
                    _ => 1,
                };
            }
        }

        return total;
    }
}
