using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Connectors.JamAI;
using Microsoft.Extensions.AI;

namespace Connectors.Benchmarks;

/// <summary>
/// A JamAI RAG reply, streamed: a <c>chat.references</c> event with 10 Knowledge Table chunks, then 2,000 text
/// chunks citing them as <c>[@n]</c>, usage and [DONE]. OpenAIChatClient gets the same bytes (it drops the
/// references); the floor pulls only delta.content.
/// </summary>
[MemoryDiagnoser]
public class JamAIBenchmarks
{
    private static readonly Uri JamAIEndpoint = new("http://127.0.0.1/api");
    private HttpClient _http = null!;
    private IChatClient _ours = null!;
    private IChatClient _openAI = null!;
    private List<ChatMessage> _messages = null!;

    [GlobalSetup]
    public void Setup()
    {
        _http = new HttpClient(new ReplayHandler(RagStream(references: 10, chunks: 2000), "text/event-stream"));
        _ours = new JamAIChatClient(new JamAIClientOptions { Endpoint = JamAIEndpoint, Token = "k", ProjectId = "proj_bench", DefaultModelId = Payloads.Model }, _http);
        _openAI = Clients.OpenAI(_http, new Uri(JamAIEndpoint, "api/v1"));
        _messages = Clients.Question();
    }

    [GlobalCleanup]
    public void Cleanup() => _http.Dispose();

    [Benchmark(Baseline = true, Description = "OpenAIChatClient")]
    public Task<long> OpenAI() => Consume.UpdatesAsync(_openAI.GetStreamingResponseAsync(_messages));

    [Benchmark(Description = "Ours (JamAI, references + citations)")]
    public Task<long> Ours() => Consume.UpdatesAsync(_ours.GetStreamingResponseAsync(_messages));

    [Benchmark(Description = "Floor (SseParser+Utf8JsonReader)")]
    public Task<long> Floor() => Floors.StreamedTextAsync(_http);

    private static byte[] RagStream(int references, int chunks)
    {
        const string Prefix = "{\"id\":\"chatcmpl-rag\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"" + Payloads.Model + "\",";
        var sb = new StringBuilder();
        sb.Append("data: {\"id\":\"chatcmpl-rag\",\"object\":\"chat.references\",\"created\":1700000000,\"model\":\"").Append(Payloads.Model)
          .Append("\",\"search_query\":\"forklift safety\",\"chunks\":[");
        for (var r = 0; r < references; r++)
        {
            sb.Append(r == 0 ? "" : ",").Append(CultureInfo.InvariantCulture,
                $"{{\"text\":\"Forklifts must be parked in bay {r} with forks lowered.\",\"title\":\"Safety manual\",\"page\":{r + 1},\"file_name\":\"safety.pdf\",\"file_path\":\"s3://kb/safety.pdf\",\"document_id\":\"doc_{r}\",\"chunk_id\":\"chunk_{r}\"}}");
        }

        sb.Append("]}\n\n");
        for (var i = 0; i < chunks; i++)
        {
            var token = i % 50 == 49 ? $" [@{i / 50 % references}]" : (i % 3) switch { 0 => "Park ", 1 => "the ", _ => "forklift " };
            sb.Append("data: ").Append(Prefix).Append("\"choices\":[{\"index\":0,\"delta\":{\"content\":\"").Append(token).Append("\"},\"finish_reason\":null}]}\n\n");
        }

        sb.Append("data: ").Append(Prefix).Append("\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":900,\"completion_tokens\":")
          .Append(chunks).Append(",\"total_tokens\":").Append(900 + chunks).Append("}}\n\n");
        sb.Append("data: [DONE]\n\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
