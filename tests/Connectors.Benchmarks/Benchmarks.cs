using System.Net.Http.Headers;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;

namespace Connectors.Benchmarks;

/// <summary>A 2,000-chunk text stream with a final usage chunk, consumed as updates.</summary>
[MemoryDiagnoser]
public class StreamingBenchmarks
{
    private HttpClient _http = null!;
    private IChatClient _ours = null!;
    private IChatClient _openAI = null!;
    private List<ChatMessage> _messages = null!;

    [GlobalSetup]
    public void Setup()
    {
        _http = new HttpClient(new ReplayHandler(Payloads.TextStream(2000), "text/event-stream"));
        _ours = Clients.Ours(_http);
        _openAI = Clients.OpenAI(_http);
        _messages = Clients.Question();
    }

    [GlobalCleanup]
    public void Cleanup() => _http.Dispose();

    [Benchmark(Baseline = true, Description = "OpenAIChatClient")]
    public Task<long> OpenAI() => Consume.UpdatesAsync(_openAI.GetStreamingResponseAsync(_messages));

    [Benchmark(Description = "Ours (Perceptron)")]
    public Task<long> Ours() => Consume.UpdatesAsync(_ours.GetStreamingResponseAsync(_messages));

    [Benchmark(Description = "Floor (SseParser+Utf8JsonReader)")]
    public Task<long> Floor() => Floors.StreamedTextAsync(_http);
}

/// <summary>A 64 KB non-streamed reply mapped to a ChatResponse.</summary>
[MemoryDiagnoser]
public class NonStreamingBenchmarks
{
    private HttpClient _http = null!;
    private IChatClient _ours = null!;
    private IChatClient _openAI = null!;
    private List<ChatMessage> _messages = null!;

    [GlobalSetup]
    public void Setup()
    {
        _http = new HttpClient(new ReplayHandler(Payloads.Completion(64 * 1024), "application/json"));
        _ours = Clients.Ours(_http);
        _openAI = Clients.OpenAI(_http);
        _messages = Clients.Question();
    }

    [GlobalCleanup]
    public void Cleanup() => _http.Dispose();

    [Benchmark(Baseline = true, Description = "OpenAIChatClient")]
    public async Task<long> OpenAI() => Measure(await _openAI.GetResponseAsync(_messages).ConfigureAwait(false));

    [Benchmark(Description = "Ours (Perceptron)")]
    public async Task<long> Ours() => Measure(await _ours.GetResponseAsync(_messages).ConfigureAwait(false));

    [Benchmark(Description = "Floor (JsonDocument)")]
    public Task<long> Floor() => Floors.CompletionAsync(_http);

    private static long Measure(ChatResponse response) => response.Text.Length + (response.Usage?.TotalTokenCount ?? 0);
}

/// <summary>
/// A conversation with a 5 MB JPEG-like image as DataContent, serialized to the wire: the handler pulls the
/// body through the content's serializer into a counting sink (no buffering), and answers minimally.
/// The target compares allocated bytes with the image's base64 size (6,990,508 bytes for 5 MiB).
/// </summary>
[MemoryDiagnoser]
public class RequestBenchmarks
{
    public const int ImageBytes = 5 * 1024 * 1024;
    private HttpClient _http = null!;
    private ReplayHandler _handler = null!;
    private IChatClient _ours = null!;
    private IChatClient _openAI = null!;
    private List<ChatMessage> _messages = null!;
    private byte[] _image = null!;

    [GlobalSetup]
    public void Setup()
    {
        _image = Payloads.JpegLike(ImageBytes);
        _handler = new ReplayHandler(Payloads.Minimal, "application/json", drainRequest: true);
        _http = new HttpClient(_handler);
        _ours = Clients.Ours(_http);
        _openAI = Clients.OpenAI(_http);
        _messages =
        [
            new(ChatRole.System, "You are a careful warehouse inspector."),
            new(ChatRole.User, [new TextContent("What is in this picture?"), new DataContent(_image, "image/jpeg")]),
        ];

        // The body sizes, for the README (printed into the BenchmarkDotNet log).
        _ours.GetResponseAsync(_messages).GetAwaiter().GetResult();
        var ours = _handler.LastRequestBytes;
        _openAI.GetResponseAsync(_messages).GetAwaiter().GetResult();
        Console.WriteLine($"// request body bytes: ours={ours}, OpenAIChatClient={_handler.LastRequestBytes}, base64 of image={(ImageBytes + 2) / 3 * 4}");
    }

    [GlobalCleanup]
    public void Cleanup() => _http.Dispose();

    [Benchmark(Baseline = true, Description = "OpenAIChatClient")]
    public async Task<int> OpenAI() => (await _openAI.GetResponseAsync(_messages).ConfigureAwait(false)).Messages.Count;

    [Benchmark(Description = "Ours (Perceptron)")]
    public async Task<int> Ours() => (await _ours.GetResponseAsync(_messages).ConfigureAwait(false)).Messages.Count;

    [Benchmark(Description = "Floor (base64 slices to the stream)")]
    public async Task<long> Floor()
    {
        using var content = new FloorImageContent(_image);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var stream = await Floors.PostAsync(_http, content).ConfigureAwait(false);
        await stream.DisposeAsync().ConfigureAwait(false);
        return _handler.LastRequestBytes;
    }
}

/// <summary>Eight streamed tool calls whose arguments arrive in fragments, assembled into FunctionCallContent.</summary>
[MemoryDiagnoser]
public class ToolCallBenchmarks
{
    private HttpClient _http = null!;
    private IChatClient _ours = null!;
    private IChatClient _openAI = null!;
    private List<ChatMessage> _messages = null!;
    private ChatOptions _options = null!;

    [GlobalSetup]
    public void Setup()
    {
        _http = new HttpClient(new ReplayHandler(Payloads.ToolCallStream(calls: 8, fragmentsPerCall: 24), "text/event-stream"));
        _ours = Clients.Ours(_http);
        _openAI = Clients.OpenAI(_http);
        _messages = Clients.Question();
        _options = new ChatOptions
        {
            Tools = [AIFunctionFactory.Create((string label, int[] region, double threshold, string notes) => label, "detect_objects", "Finds objects.")],
        };
    }

    [GlobalCleanup]
    public void Cleanup() => _http.Dispose();

    [Benchmark(Baseline = true, Description = "OpenAIChatClient")]
    public Task<long> OpenAI() => Consume.UpdatesAsync(_openAI.GetStreamingResponseAsync(_messages, _options));

    [Benchmark(Description = "Ours (Perceptron)")]
    public Task<long> Ours() => Consume.UpdatesAsync(_ours.GetStreamingResponseAsync(_messages, _options));

    [Benchmark(Description = "Floor (SseParser+Utf8JsonReader)")]
    public Task<long> Floor() => Floors.StreamedToolCallsAsync(_http);
}
