using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Connectors.Core;
using Connectors.JamAI;
using Connectors.Perceptron;
using Microsoft.Extensions.AI;

namespace Connectors.Reliability.Tests.Transport;

/// <summary>
/// Every request goes out with <c>Content-Length</c>: real gateways and proxies refuse chunked uploads. The server
/// here reads a request's headers, then exactly <c>Content-Length</c> bytes, and answers 411 to anything else.
/// </summary>
public sealed class ContentLengthTests : IAsyncLifetime
{
    private const string Reply = """{"id":"r1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}""";
    private const string StreamReply = "data: {\"id\":\"r1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<(Dictionary<string, string> Headers, byte[] Body)> _received = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _serving;

    private Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    public ValueTask InitializeAsync()
    {
        _listener.Start();
        _serving = ServeAsync(_stop.Token);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        if (_serving is not null)
        {
            await _serving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stop.Dispose();
    }

    public static TheoryData<string, bool, int> Cases => new()
    {
        { "perceptron", false, 0 },
        { "perceptron", true, 0 },
        { "perceptron", false, 300_001 },
        { "perceptron", true, 300_002 },
        { "jamai", false, 0 },
        { "jamai", true, 300_000 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_server_receives_every_request_whole(string service, bool streaming, int imageBytes)
    {
        using var http = new HttpClient();
        using IChatClient client = service == "perceptron"
            ? new PerceptronChatClient(new PerceptronClientOptions { Endpoint = new Uri(Address, "v1"), ApiKey = "k", Resilience = new() { RetriesEnabled = false, RequestsPerWindow = null } }, http)
            : new JamAIChatClient(new JamAIClientOptions { Endpoint = new Uri(Address, "api"), Token = "t", ProjectId = "p", Resilience = new() { RetriesEnabled = false } }, http);
        var image = new byte[imageBytes];
        new Random(imageBytes).NextBytes(image);
        ChatMessage question = new(ChatRole.User, "What is this?");
        if (imageBytes > 0)
        {
            // A PNG signature first, so the clients accept the bytes as an image.
            new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(image, 0);
            question.Contents.Add(new DataContent(image, "image/png"));
        }

        var text = streaming
            ? (await client.GetStreamingResponseAsync([question], cancellationToken: TestContext.Current.CancellationToken).ToChatResponseAsync(TestContext.Current.CancellationToken)).Text
            : (await client.GetResponseAsync([question], cancellationToken: TestContext.Current.CancellationToken)).Text;

        Assert.Equal("ok", text);
        var (headers, body) = Assert.Single(_received);
        Assert.False(headers.ContainsKey("transfer-encoding"));
        Assert.Equal(body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), headers["content-length"]);
        var json = JsonNode.Parse(body)!;
        Assert.Equal(streaming, json["stream"]?.GetValue<bool>() ?? false);
        if (imageBytes > 0)
        {
            var url = json["messages"]![0]!["content"]!.AsArray().Select(p => p!["image_url"]?["url"]?.GetValue<string>()).Single(u => u is not null)!;
            Assert.Equal("data:image/png;base64," + Convert.ToBase64String(image), url);
        }
    }

    [Fact]
    public async Task A_raw_representation_override_is_counted_too()
    {
        using var http = new HttpClient();
        using IChatClient client = new PerceptronChatClient(new PerceptronClientOptions { Endpoint = new Uri(Address, "v1"), ApiKey = "k", Resilience = new() { RetriesEnabled = false, RequestsPerWindow = null } }, http);
        var options = new ChatOptions { RawRepresentationFactory = _ => new JsonObject { ["temperature"] = 0.25, ["note"] = "é ü <tag>" } };

        await client.GetResponseAsync([new(ChatRole.User, "Hi")], options, TestContext.Current.CancellationToken);

        var (headers, body) = Assert.Single(_received);
        Assert.Equal(body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), headers["content-length"]);
        Assert.Equal("é ü <tag>", JsonNode.Parse(body)!["note"]!.GetValue<string>());
    }

    private async Task ServeAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            using var socket = await _listener.AcceptTcpClientAsync(cancellationToken);
            await using var stream = socket.GetStream();
            var headers = await ReadHeadersAsync(stream, cancellationToken);
            if (headers is null)
            {
                continue;
            }

            if (!headers.TryGetValue("content-length", out var declared) || headers.ContainsKey("transfer-encoding"))
            {
                await WriteAsync(stream, "411 Length Required", "application/json", """{"error":{"message":"Content-Length required"}}""", cancellationToken);
                continue;
            }

            var body = new byte[int.Parse(declared, System.Globalization.CultureInfo.InvariantCulture)];
            await stream.ReadExactlyAsync(body, cancellationToken);
            lock (_received)
            {
                _received.Add((headers, body));
            }

            var streamed = body.AsSpan().IndexOf("\"stream\":true"u8) >= 0;
            await WriteAsync(stream, "200 OK", streamed ? "text/event-stream" : "application/json", streamed ? StreamReply : Reply, cancellationToken);
        }
    }

    private static async Task<Dictionary<string, string>?> ReadHeadersAsync(Stream stream, CancellationToken cancellationToken)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (bytes.Count < 64 * 1024)
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                return null;
            }

            bytes.Add(one[0]);
            if (bytes.Count >= 4 && bytes[^4] == '\r' && bytes[^3] == '\n' && bytes[^2] == '\r' && bytes[^1] == '\n')
            {
                var lines = Encoding.ASCII.GetString([.. bytes]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
                return lines.Skip(1).Select(static l => l.Split(':', 2)).ToDictionary(static p => p[0].Trim().ToLowerInvariant(), static p => p[1].Trim());
            }
        }

        return null;
    }

    private static async Task WriteAsync(Stream stream, string status, string contentType, string body, CancellationToken cancellationToken)
    {
        var payload = Encoding.UTF8.GetBytes(body);
        var head = $"HTTP/1.1 {status}\r\nContent-Type: {contentType}\r\nContent-Length: {payload.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken);
        await stream.WriteAsync(payload, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }
}
