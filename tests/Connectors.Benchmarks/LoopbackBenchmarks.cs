using System.Net;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Connectors.Benchmarks;

/// <summary>
/// End to end over real sockets: 64 concurrent streamed requests against a minimal Kestrel SSE server on
/// 127.0.0.1, started in-process. (Switch to src/Connectors.Emulator's EmulatorServer once it is on main.)
/// The server runs in the benchmark process, so its allocations are counted too: they are the same for
/// every client and cancel out of the comparison, not out of the absolute numbers.
/// </summary>
[MemoryDiagnoser]
public class LoopbackBenchmarks
{
    public const int Concurrency = 64;
    public const int ChunksPerStream = 500;
    private WebApplication _server = null!;
    private HttpClient _http = null!;
    private IChatClient _ours = null!;
    private IChatClient _openAI = null!;
    private List<ChatMessage> _messages = null!;

    [GlobalSetup]
    public void Setup()
    {
        var reply = Payloads.TextStream(ChunksPerStream);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _server = builder.Build();
        _server.MapPost("/v1/chat/completions", async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted).ConfigureAwait(false);
            context.Response.ContentType = "text/event-stream";
            for (var offset = 0; offset < reply.Length; offset += 4096)
            {
                await context.Response.Body.WriteAsync(reply.AsMemory(offset, Math.Min(4096, reply.Length - offset)), context.RequestAborted).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            }
        });
        _server.StartAsync().GetAwaiter().GetResult();
        var address = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var endpoint = new Uri(address.TrimEnd('/') + "/v1");

        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, UseProxy = false });
        _ours = Clients.Ours(_http, endpoint);
        _openAI = Clients.OpenAI(_http, endpoint);
        _messages = Clients.Question();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _http.Dispose();
        _server.StopAsync().GetAwaiter().GetResult();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "OpenAIChatClient x64")]
    public Task<long> OpenAI() => RunAsync(_openAI);

    [Benchmark(Description = "Ours (Perceptron) x64")]
    public Task<long> Ours() => RunAsync(_ours);

    private async Task<long> RunAsync(IChatClient client)
    {
        var tasks = new Task<long>[Concurrency];
        for (var i = 0; i < tasks.Length; i++)
        {
            tasks[i] = Task.Run(() => Consume.UpdatesAsync(client.GetStreamingResponseAsync(_messages)));
        }

        long total = 0;
        foreach (var result in await Task.WhenAll(tasks).ConfigureAwait(false))
        {
            total += result;
        }

        return total;
    }
}
