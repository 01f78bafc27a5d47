using BenchmarkDotNet.Attributes;
using Connectors.Emulator;
using Connectors.Emulator.Rules;
using Microsoft.Extensions.AI;

namespace Connectors.Benchmarks;

/// <summary>
/// End to end over real sockets: 64 concurrent streamed requests against the emulator (src/Connectors.Emulator)
/// on 127.0.0.1, started in-process, each answered by a scripted rule with 500 content chunks. The server runs
/// in the benchmark process, so its allocations are counted too: they are the same for every client and cancel
/// out of the comparison, not out of the absolute numbers.
/// </summary>
[MemoryDiagnoser]
public class LoopbackBenchmarks
{
    public const int Concurrency = 64;
    public const int ChunksPerStream = 500;
    private const string Word = "word ";
    private EmulatorServer _server = null!;
    private HttpClient _http = null!;
    private IChatClient _ours = null!;
    private IChatClient _openAI = null!;
    private List<ChatMessage> _messages = null!;

    [GlobalSetup]
    public void Setup()
    {
        // The benchmark sends far more than 300 requests a minute: lift the emulator's per-key limiter.
        var options = new EmulatorOptions { RateLimitPerMinute = int.MaxValue };
        options.Rules.Add(new EmulatorRule
        {
            Name = "loopback-benchmark",
            Reply = new RuleReply { Text = string.Concat(Enumerable.Repeat(Word, ChunksPerStream)), ChunkSize = Word.Length },
        });
        _server = EmulatorServer.StartAsync(options).GetAwaiter().GetResult();

        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, UseProxy = false });
        _ours = Clients.Ours(_http, _server.PerceptronEndpoint);
        _openAI = Clients.OpenAI(_http, _server.PerceptronEndpoint);
        _messages = Clients.Question();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _http.Dispose();
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
