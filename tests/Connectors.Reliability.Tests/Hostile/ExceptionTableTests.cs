using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Connectors.Core;
using Connectors.JamAI;
using Connectors.Perceptron;
using Microsoft.Extensions.AI;

namespace Connectors.Reliability.Tests.Hostile;

/// <summary>
/// Every exception the HTTP stack, the body stream, the SSE parser and the JSON reader can throw, through both
/// clients, streamed and not: each surfaces as a <see cref="ChatServiceException"/> subtype (so retries and callers'
/// <c>catch</c> see it), never as the raw exception.
/// </summary>
public sealed class ExceptionTableTests
{
    /// <summary>Failures of the send itself: before any header arrived.</summary>
    private static readonly Dictionary<string, Func<Exception>> SendFailures = new()
    {
        ["HttpRequestException"] = () => new HttpRequestException("connection refused", new SocketException((int)SocketError.ConnectionRefused)),
        ["HttpRequestException (DNS)"] = () => new HttpRequestException(HttpRequestError.NameResolutionError, "no such host"),
        ["IOException"] = () => new IOException("connection reset"),
        ["SocketException"] = () => new SocketException((int)SocketError.ConnectionReset),
        ["AuthenticationException (TLS)"] = () => new HttpRequestException("TLS failed", new AuthenticationException("certificate rejected")),
        ["TaskCanceledException (HttpClient timeout)"] = () => new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout", new TimeoutException()),
    };

    /// <summary>Failures while the body is read: after 200 and the headers.</summary>
    private static readonly Dictionary<string, Func<Exception>> BodyFailures = new()
    {
        ["IOException"] = () => new IOException("unexpected end of stream"),
        ["HttpIOException"] = () => new HttpIOException(HttpRequestError.ResponseEnded, "response ended prematurely"),
        ["InvalidDataException (decompression)"] = () => new InvalidDataException("the archive entry was compressed using an unsupported compression method"),
        ["SocketException"] = () => new SocketException((int)SocketError.ConnectionAborted),
    };

    /// <summary>Bodies the JSON reader or the SSE parser refuse.</summary>
    private static readonly Dictionary<string, (string MediaType, string Body)> BadBodies = new()
    {
        ["JSON cut short"] = ("application/json", """{"id":"c1","choices":[{"index":0,"message":{"content":"hel"""),
        ["JSON of the wrong shape"] = ("application/json", """{"choices":"nope"}"""),
        ["not JSON"] = ("application/json", "<html>gateway</html>"),
        ["an event that is not JSON"] = ("text/event-stream", "data: {not json\n\n"),
        ["an event of the wrong shape"] = ("text/event-stream", "data: {\"choices\":5}\n\n"),
        ["gzip that is not gzip"] = ("application/json+gzip", "not gzip at all"),
    };

    public static TheoryData<string, bool, string, string> Cases()
    {
        var data = new TheoryData<string, bool, string, string>();
        foreach (var service in new[] { "perceptron", "jamai" })
        {
            foreach (var streaming in new[] { false, true })
            {
                foreach (var name in SendFailures.Keys)
                {
                    data.Add(service, streaming, "send", name);
                }

                foreach (var name in BodyFailures.Keys)
                {
                    data.Add(service, streaming, "body", name);
                }

                foreach (var name in BadBodies.Keys)
                {
                    data.Add(service, streaming, "bad body", name);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Every_failure_is_a_chat_service_exception(string service, bool streaming, string where, string name)
    {
        using var client = Client(service, where switch
        {
            "send" => _ => throw SendFailures[name](),
            "body" => request => Reply(streaming ? "text/event-stream" : "application/json", new FailingStream(streaming ? "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n" : "{\"id\":", BodyFailures[name])),
            _ => _ => BadBody(BadBodies[name]),
        });

        var error = await Record.ExceptionAsync(async () =>
        {
            if (streaming)
            {
                await foreach (var _ in client.GetStreamingResponseAsync("Hi", cancellationToken: TestContext.Current.CancellationToken))
                {
                }
            }
            else
            {
                await client.GetResponseAsync("Hi", cancellationToken: TestContext.Current.CancellationToken);
            }
        });

        Assert.NotNull(error);
        Assert.True(error is ChatServiceException, $"{service} {(streaming ? "streamed" : "whole")}, {where}: {name} surfaced as {error.GetType().Name}: {error.Message}");
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    private static IChatClient Client(string service, Func<HttpRequestMessage, HttpResponseMessage> reply) => service == "perceptron"
        ? new PerceptronChatClient(new PerceptronClientOptions { Endpoint = new Uri("http://127.0.0.1:9/v1"), ApiKey = "sk-table-test-key", Resilience = new() { RetriesEnabled = false, RequestsPerWindow = null } }, new HttpClient(new Handler(reply)))
        : new JamAIChatClient(new JamAIClientOptions { Endpoint = new Uri("http://127.0.0.1:9/api"), Token = "jamai_pat_table_test", Resilience = new() { RetriesEnabled = false } }, new HttpClient(new Handler(reply)));

    private static HttpResponseMessage Reply(string mediaType, Stream body)
    {
        var content = new StreamContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }

    private static HttpResponseMessage BadBody((string MediaType, string Body) bad)
    {
        if (bad.MediaType == "application/json+gzip")
        {
            // Declared gzip, decoded by the stack as the shared handler would: the decoder's InvalidDataException.
            return Reply("application/json", new GZipStream(new MemoryStream(Encoding.UTF8.GetBytes(bad.Body)), CompressionMode.Decompress));
        }

        return Reply(bad.MediaType, new MemoryStream(Encoding.UTF8.GetBytes(bad.Body)));
    }

    private sealed class Handler(Func<HttpRequestMessage, HttpResponseMessage> reply) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(reply(request));
    }

    /// <summary>Hands out a prefix, then throws the given failure.</summary>
    private sealed class FailingStream(string prefix, Func<Exception> failure) : Stream
    {
        private readonly byte[] _prefix = Encoding.UTF8.GetBytes(prefix);
        private int _sent;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_sent == _prefix.Length)
            {
                throw failure();
            }

            var n = Math.Min(count, _prefix.Length - _sent);
            Array.Copy(_prefix, _sent, buffer, offset, n);
            _sent += n;
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
