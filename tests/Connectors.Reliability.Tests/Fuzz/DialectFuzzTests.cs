using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Connectors.Core;
using Connectors.Emulator;
using Connectors.Emulator.Rules;
using Connectors.Emulator.Scenes;
using Connectors.JamAI;
using Connectors.Perceptron.Grounding;
using Connectors.Reliability.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace Connectors.Reliability.Tests.Fuzz;

/// <summary>
/// Core.Tests' StreamFuzzTests fuzz the engine with a dialect that interprets nothing. These fuzz what the two
/// real dialects add on top: Perceptron's grounding tags (streamed and not) and JamAI's references, citations
/// and extra choices. Seeds are real emulator replies captured at run time; mutations keep the JSON well formed
/// (so the mapping is reached), flip bytes, cut, duplicate and reorder events, in random pieces. Every run must
/// end in a response or a <see cref="ChatServiceException"/>, never another exception or a hang.
/// </summary>
public sealed class DialectFuzzTests
{
    private const int Iterations = 1500;
    private static readonly string ImageDataUrl = SceneGenerator.Generate(200, 100, 3, seed: 5).ToDataUrl();

    public static TheoryData<Dialect, bool> Cases => new() { { Dialect.Perceptron, true }, { Dialect.Perceptron, false }, { Dialect.JamAI, true }, { Dialect.JamAI, false } };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Mutated_replies_end_in_a_response_or_a_typed_error_only(Dialect dialect, bool streaming)
    {
        var seed = await CaptureSeedAsync(dialect, streaming);

        // The seed itself must map, with the dialect's own contents, or the fuzzing would prove little.
        var (baseline, baselineError) = await RunAsync(dialect, streaming, Encoding.UTF8.GetBytes(seed), () => 64);
        Assert.Null(baselineError);
        var contents = baseline!.Messages.SelectMany(m => m.Contents).ToList();
        if (dialect == Dialect.Perceptron)
        {
            Assert.Contains(contents, c => c is GroundingContent);
        }
        else
        {
            Assert.Contains(contents, c => c is JamAIReferencesContent);
        }

        var random = new Random(dialect == Dialect.Perceptron ? 4101 : 4202 + (streaming ? 1 : 0));
        var kinds = new int[5];
        var failures = new List<string>();
        for (var i = 0; i < Iterations; i++)
        {
            var kind = random.Next(kinds.Length);
            kinds[kind]++;
            var body = kind switch
            {
                0 or 1 => Encoding.UTF8.GetBytes(MutateJson(seed, streaming, random)),
                2 => FlipBytes(Encoding.UTF8.GetBytes(seed), random),
                3 => Encoding.UTF8.GetBytes(seed)[..random.Next(seed.Length)],
                _ => Encoding.UTF8.GetBytes(streaming ? ShuffleEvents(seed, random) : MutateJson(seed, streaming, random)),
            };

            var (_, error) = await RunAsync(dialect, streaming, body, () => random.Next(1, 64));
            if (error is not (null or ChatServiceException))
            {
                failures.Add($"case {i} (kind {kind}): {error.GetType().Name}: {error.Message} at {error.StackTrace?.Split('\n').FirstOrDefault()?.Trim()}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {Iterations} runs ended in an untyped error:\n" + string.Join('\n', failures.Distinct().Take(20)));

        Assert.All(kinds, k => Assert.True(k > Iterations / 10));
    }

    private static async Task<(ChatResponse? Response, Exception? Error)> RunAsync(Dialect dialect, bool streaming, byte[] body, Func<int> pieces)
    {
        using var http = new HttpClient(new CannedReplyHandler(body, streaming ? "text/event-stream" : "application/json", pieces));
        var settings = new ClientSettings { Resilience = new ChatResilienceOptions { RetriesEnabled = false } };
        using var client = TestClients.Create(dialect, new Uri("https://api.example.test/v1"), settings, http);
        List<ChatMessage> messages = [new(ChatRole.User, [new DataContent(ImageDataUrl), new TextContent("fuzz seed: what is here?")])];
        if (dialect == Dialect.JamAI)
        {
            messages = [new(ChatRole.User, "fuzz seed: which letter is last?")];
        }

        try
        {
            if (!streaming)
            {
                return (await client.GetResponseAsync(messages, cancellationToken: Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct), null);
            }

            var updates = new List<ChatResponseUpdate>();
            await ReadAllAsync(client.GetStreamingResponseAsync(messages, cancellationToken: Ct), updates).WaitAsync(TimeSpan.FromSeconds(10), Ct);
            return (updates.ToChatResponse(), null);
        }
        catch (Exception e)
        {
            return (null, e);
        }

        static async Task ReadAllAsync(IAsyncEnumerable<ChatResponseUpdate> stream, List<ChatResponseUpdate> into)
        {
            await foreach (var update in stream)
            {
                into.Add(update);
            }
        }
    }

    /// <summary>A real reply from the emulator: grounding, reasoning and a tool call, or references and two choices.</summary>
    private static async Task<string> CaptureSeedAsync(Dialect dialect, bool streaming)
    {
        await using var server = await EmulatorServer.StartAsync(cancellationToken: Ct);
        server.Rules.When("fuzz seed", new RuleReply
        {
            Text = "Here: ",
            Reasoning = "Looking at the shapes.",
            Grounding = "<point_box mention=\"red circle\"> (100,200) (300,400) </point_box> and <point mention=\"dot\"> (500,600) </point> "
                + "<polygon mention=\"tri\"> (10,10) (900,10) (450,800) </polygon> <collection mention=\"pets\"> <point> (1,2) </point> </collection>",
            ToolCalls = [RuleToolCall.Create("get_weather", """{"city":"Paris"}""")],
            ChunkSize = 7,
        }, EmulatorDialect.Perceptron);
        server.Knowledge.GetOrCreate("kt").AddDocument("letters.md", "Alpha is the first letter.\n\nOmega is the last letter.\n\nBeta is the second letter.");

        JsonObject body;
        string path;
        if (dialect == Dialect.Perceptron)
        {
            path = "/v1/chat/completions";
            body = new JsonObject
            {
                ["model"] = "isaac-0.2-2b-preview",
                ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "fuzz seed" }),
                ["tools"] = new JsonArray(new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = "get_weather", ["parameters"] = new JsonObject { ["type"] = "object" } } }),
            };
        }
        else
        {
            path = "/api/v1/chat/completions";
            body = new JsonObject
            {
                ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "Which letter is last?" }),
                ["n"] = 2,
                ["rag_params"] = new JsonObject { ["table_id"] = "kt", ["k"] = 2 },
            };
        }

        body["stream"] = streaming;
        if (streaming && dialect == Dialect.Perceptron)
        {
            body["stream_options"] = new JsonObject { ["include_usage"] = true };
        }

        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "fuzz-seed-key");
        using var response = await http.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), Ct);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(Ct);
    }

    private static string MutateJson(string seed, bool streaming, Random random)
    {
        if (!streaming)
        {
            return JsonMutator.Mutate(seed, random);
        }

        var events = Events(seed);
        for (var n = random.Next(1, 3); n > 0; n--)
        {
            var at = random.Next(events.Count);
            if (events[at] != "[DONE]")
            {
                events[at] = JsonMutator.Mutate(events[at], random);
            }
        }

        return Join(events);
    }

    private static string ShuffleEvents(string seed, Random random)
    {
        var events = Events(seed);
        var at = random.Next(events.Count);
        switch (random.Next(3))
        {
            case 0:
                events.Insert(random.Next(events.Count + 1), events[at]);
                break;
            case 1:
                events.RemoveAt(at);
                break;
            default:
                var other = random.Next(events.Count);
                (events[at], events[other]) = (events[other], events[at]);
                break;
        }

        return Join(events);
    }

    private static List<string> Events(string sse) =>
        [.. sse.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Where(e => e.StartsWith("data: ", StringComparison.Ordinal)).Select(e => e["data: ".Length..])];

    private static string Join(List<string> events) => string.Concat(events.Select(e => "data: " + e + "\n\n"));

    private static byte[] FlipBytes(byte[] source, Random random)
    {
        var bytes = (byte[])source.Clone();
        for (var n = random.Next(1, 6); n > 0; n--)
        {
            bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
        }

        return bytes;
    }
}
