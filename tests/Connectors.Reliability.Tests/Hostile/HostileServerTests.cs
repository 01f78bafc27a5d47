using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Connectors.Core;
using Connectors.JamAI;
using Connectors.Perceptron;
using Microsoft.Extensions.AI;

namespace Connectors.Reliability.Tests.Hostile;

/// <summary>Replies a misconfigured gateway or a hostile server sends: each ends in a typed error, in bounded memory.</summary>
public sealed class HostileServerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static IChatClient Client(string service, Func<HttpRequestMessage, HttpResponseMessage> reply) => service == "perceptron"
        ? new PerceptronChatClient(new PerceptronClientOptions { Endpoint = new Uri("http://127.0.0.1:9/v1"), ApiKey = "sk-hostile-test-key", Resilience = new() { RetriesEnabled = false, RequestsPerWindow = null } }, new HttpClient(new Handler(reply)))
        : new JamAIChatClient(new JamAIClientOptions { Endpoint = new Uri("http://127.0.0.1:9/api"), Token = "jamai_pat_hostile_test", Resilience = new() { RetriesEnabled = false } }, new HttpClient(new Handler(reply)));

    private static HttpResponseMessage Reply(string mediaType, string body, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };

    private static async Task<List<ChatResponseUpdate>> StreamAsync(IChatClient client)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("Hi", cancellationToken: Token))
        {
            updates.Add(update);
        }

        return updates;
    }

    [Theory]
    [InlineData("perceptron")]
    [InlineData("jamai")]
    public async Task A_streamed_request_answered_with_a_whole_json_reply_reads_it(string service)
    {
        using var client = Client(service, _ => Reply("application/json", """{"id":"r","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Whole."},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}"""));

        var response = (await StreamAsync(client)).ToChatResponse();

        Assert.Equal("Whole.", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(2, response.Usage!.TotalTokenCount);
    }

    [Theory]
    [InlineData("perceptron")]
    [InlineData("jamai")]
    public async Task A_streamed_request_answered_with_a_json_error_in_a_200_raises_it(string service)
    {
        using var client = Client(service, _ => Reply("application/json", """{"error":{"message":"model is warming up","type":"server_error","code":"warming"}}"""));

        var error = await Assert.ThrowsAnyAsync<ChatServiceException>(() => StreamAsync(client));

        Assert.Contains("model is warming up", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("perceptron")]
    [InlineData("jamai")]
    public async Task A_login_page_answering_a_stream_is_named_not_called_cut_off(string service)
    {
        using var client = Client(service, _ => Reply("text/html", "<html><form>Sign in</form></html>"));

        var error = await Assert.ThrowsAsync<ChatStreamException>(() => StreamAsync(client));

        Assert.Contains("'text/html'", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsRetryable);
    }

    [Theory]
    [InlineData("perceptron", true)]
    [InlineData("jamai", false)]
    public async Task A_redirect_is_a_typed_error_naming_where_it_pointed_and_is_not_followed(string service, bool streaming)
    {
        var requests = 0;
        using var client = Client(service, _ =>
        {
            requests++;
            var response = new HttpResponseMessage(HttpStatusCode.TemporaryRedirect);
            response.Headers.Location = new Uri("https://elsewhere.example/v1/chat/completions");
            return response;
        });

        var error = await Assert.ThrowsAnyAsync<ChatServiceException>(() => streaming ? StreamAsync(client) : client.GetResponseAsync("Hi", cancellationToken: Token));

        Assert.Contains("https://elsewhere.example/v1/chat/completions", error.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, error.StatusCode);
        Assert.Equal(1, requests);
    }

    [Fact]
    public async Task A_reply_past_the_size_limit_is_a_typed_error()
    {
        using var client = Client("perceptron", _ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(new EndlessStream((byte)' ')) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        });

        var error = await Assert.ThrowsAsync<ChatServiceException>(() => client.GetResponseAsync("Hi", cancellationToken: Token));

        Assert.Contains("larger than 32 MB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_listing_past_the_size_limit_is_a_typed_error()
    {
        using var client = (JamAIChatClient)Client("jamai", _ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(new EndlessStream((byte)' ')) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        });

        var error = await Assert.ThrowsAsync<ChatServiceException>(() => client.ListModelIdsAsync(Token));

        Assert.Contains("larger than 32 MB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_endless_stream_line_is_a_typed_error()
    {
        using var client = Client("jamai", _ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(new EndlessStream((byte)'x', prefix: "data: "u8.ToArray())) { Headers = { ContentType = new MediaTypeHeaderValue("text/event-stream") } },
        });

        var error = await Assert.ThrowsAsync<ChatStreamException>(() => StreamAsync(client));

        Assert.Contains("16 MB", error.Message, StringComparison.Ordinal);
    }

    private sealed class Handler(Func<HttpRequestMessage, HttpResponseMessage> reply) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(reply(request));
    }

    /// <summary>Never ends: hands out the same byte forever (after an optional prefix), allocating nothing per read.</summary>
    private sealed class EndlessStream(byte fill, byte[]? prefix = null) : Stream
    {
        private int _prefixSent;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (prefix is not null && _prefixSent < prefix.Length)
            {
                var n = Math.Min(buffer.Length, prefix.Length - _prefixSent);
                prefix.AsSpan(_prefixSent, n).CopyTo(buffer);
                _prefixSent += n;
                return n;
            }

            buffer.Fill(fill);
            return buffer.Length;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
