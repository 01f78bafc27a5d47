using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Connectors.Core;
using Connectors.JamAI;
using Connectors.Perceptron;
using Microsoft.Extensions.AI;

namespace Connectors.Reliability.Tests.Hostile;

/// <summary>Runs alone, so the process's allocation counter measures only the case at hand.</summary>
[CollectionDefinition(nameof(HostileMemory), DisableParallelization = true)]
public sealed class HostileMemory;

/// <summary>
/// Oversized replies from a real loopback server, through the clients' own HTTP stack (automatic decompression on):
/// each ends in a typed error, and what the process allocated meanwhile stays under 64 MB (128 MB for the event line,
/// see there) — far below what reading the reply whole would take (2 GB for the gzip bomb, 300 MB, 200 MB, 50 MB).
/// Measured: 36 MB, 4 MB, 60 MB and 14 MB.
/// </summary>
[Collection(nameof(HostileMemory))]
public sealed class HostileMemoryTests
{
    private const long Bound = 64L * 1024 * 1024;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_gzip_bomb_of_2_GB_is_refused_after_32_MB_in_bounded_memory()
    {
        // 32 gzip members of 64 MB of spaces each (valid JSON whitespace): about 2 MB on the wire, 2 GB inflated.
        var member = Gzip(new byte[64 * 1024 * 1024].AsSpan(), (byte)' ');
        var body = new byte[member.Length * 32];
        for (var i = 0; i < 32; i++)
        {
            member.CopyTo(body, i * member.Length);
        }

        await using var server = await OneReplyServer.StartAsync(
            $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: {body.Length}\r\n\r\n",
            (stream, ct) => stream.WriteAsync(body, ct).AsTask());
        using var client = Perceptron(server);

        var (error, allocated) = await MeasureAsync(() => client.GetResponseAsync("Hi", cancellationToken: Token));

        Assert.Contains("larger than 32 MB", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < Bound, $"allocated {allocated / (1024 * 1024)} MB");
    }

    [Fact]
    public async Task A_300_MB_reply_is_refused_in_bounded_memory()
    {
        const long size = 300L * 1024 * 1024;
        await using var server = await OneReplyServer.StartAsync(
            $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {size}\r\n\r\n",
            (stream, ct) => WriteRepeatedAsync(stream, (byte)' ', size, ct));
        using var client = Perceptron(server);

        var (error, allocated) = await MeasureAsync(() => client.GetResponseAsync("Hi", cancellationToken: Token));

        Assert.Contains("larger than 32 MB", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < Bound, $"allocated {allocated / (1024 * 1024)} MB");
    }

    [Fact]
    public async Task A_200_MB_event_line_is_refused_in_bounded_memory()
    {
        await using var server = await OneReplyServer.StartAsync(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n",
            async (stream, ct) =>
            {
                await stream.WriteAsync("data: "u8.ToArray(), ct);
                await WriteRepeatedAsync(stream, (byte)'x', 200L * 1024 * 1024, ct);
            });
        using var client = Perceptron(server);

        var (error, allocated) = await MeasureAsync(() => DrainAsync(client));

        Assert.IsType<ChatStreamException>(error);
        Assert.Contains("16 MB", error.Message, StringComparison.Ordinal);

        // The runtime's SseParser doubles its line buffer, so a line cut at 16 MB costs it up to 64 MB of buffers
        // (about 60 MB measured); reading the 200 MB line whole would cost more than 400 MB.
        Assert.True(allocated < 2 * Bound, $"allocated {allocated / (1024 * 1024)} MB");
    }

    [Fact]
    public async Task Fifty_MB_of_tool_arguments_are_refused_in_bounded_memory()
    {
        // One tool call whose arguments arrive in 1 MB fragments, 50 of them: the limit is 2 M characters.
        const string fragmentHead = """data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":" """;
        var fragment = Encoding.UTF8.GetBytes(fragmentHead.TrimEnd() + new string('a', 1024 * 1024) + "\"}}]}}]}\n\n");
        var first = """data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"f","arguments":""}}]}}]}"""u8.ToArray();
        await using var server = await OneReplyServer.StartAsync(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n",
            async (stream, ct) =>
            {
                await stream.WriteAsync(first, ct);
                await stream.WriteAsync("\n\n"u8.ToArray(), ct);
                for (var i = 0; i < 50; i++)
                {
                    await stream.WriteAsync(fragment, ct);
                }
            });
        using var client = JamAI(server);
        var options = new ChatOptions { Tools = [AIFunctionFactory.Create((string a) => a, "f")] };

        var (error, allocated) = await MeasureAsync(() => DrainAsync(client, options));

        Assert.IsAssignableFrom<ChatServiceException>(error);
        Assert.Contains("2 M characters", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < Bound, $"allocated {allocated / (1024 * 1024)} MB");
    }

    private static IChatClient Perceptron(OneReplyServer server) => new PerceptronChatClient(new PerceptronClientOptions
    {
        Endpoint = new Uri($"http://127.0.0.1:{server.Port}/v1"),
        ApiKey = "sk-hostile-memory-key",
        Resilience = new() { RetriesEnabled = false, RequestsPerWindow = null },
    });

    private static IChatClient JamAI(OneReplyServer server) => new JamAIChatClient(new JamAIClientOptions
    {
        Endpoint = new Uri($"http://127.0.0.1:{server.Port}/api"),
        Token = "jamai_pat_hostile_memory",
        StreamToolCalls = true,
        Resilience = new() { RetriesEnabled = false },
    });

    private static async Task DrainAsync(IChatClient client, ChatOptions? options = null)
    {
        await foreach (var _ in client.GetStreamingResponseAsync("Hi", options, Token))
        {
        }
    }

    private static async Task<(Exception Error, long Allocated)> MeasureAsync(Func<Task> call)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var error = await Record.ExceptionAsync(call);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        return (Assert.IsAssignableFrom<ChatServiceException>(error), allocated);
    }

    private static byte[] Gzip(Span<byte> buffer, byte fill)
    {
        buffer.Fill(fill);
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(buffer);
        }

        return output.ToArray();
    }

    private static async Task WriteRepeatedAsync(Stream stream, byte fill, long size, CancellationToken cancellationToken)
    {
        var block = new byte[64 * 1024];
        Array.Fill(block, fill);
        for (long sent = 0; sent < size; sent += block.Length)
        {
            await stream.WriteAsync(block.AsMemory(0, (int)Math.Min(block.Length, size - sent)), cancellationToken);
        }
    }

    /// <summary>A loopback server that reads one request's headers and answers with the head and body given.</summary>
    private sealed class OneReplyServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private Task _serving = Task.CompletedTask;

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public static Task<OneReplyServer> StartAsync(string head, Func<Stream, CancellationToken, Task> body)
        {
            var server = new OneReplyServer();
            server._listener.Start();
            server._serving = server.ServeAsync(Encoding.ASCII.GetBytes(head), body);
            return Task.FromResult(server);
        }

        private async Task ServeAsync(byte[] head, Func<Stream, CancellationToken, Task> body)
        {
            try
            {
                using var socket = await _listener.AcceptTcpClientAsync(_stop.Token);
                await using var stream = socket.GetStream();
                var buffer = new byte[64 * 1024];
                var seen = new StringBuilder();
                while (!seen.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var n = await stream.ReadAsync(buffer, _stop.Token);
                    if (n == 0)
                    {
                        return;
                    }

                    seen.Append(Encoding.ASCII.GetString(buffer, 0, n));
                }

                await stream.WriteAsync(head, _stop.Token);
                await body(stream, _stop.Token);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                // The client hung up once it had seen enough: what these cases expect.
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _serving;
            _stop.Dispose();
        }
    }
}
