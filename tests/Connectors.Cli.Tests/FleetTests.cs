using System.Text.Json.Nodes;
using Connectors.Cli.Tests.Infrastructure;
using Connectors.Emulator;

namespace Connectors.Cli.Tests;

/// <summary>
/// Several processes of the tool sharing one key through a real <c>redis-server</c>: its rate limit (together they never
/// exceed it) and its answers, against one emulator that enforces the key's limit as the service does.
/// </summary>
public sealed class FleetTests : IDisposable
{
    private const string Key = "fleet-key";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static Dictionary<string, string?> Environment(EmulatorServer emulator) => new()
    {
        ["PERCEPTRON_API_KEY"] = Key,
        ["PERCEPTRON_BASE_URL"] = emulator.PerceptronEndpoint.AbsoluteUri,
    };

    private static List<RequestLogView> Chats(EmulatorServer emulator) =>
        [.. emulator.RequestLog.Entries.Where(e => e.Path.EndsWith("/chat/completions", StringComparison.Ordinal)).Select(e => new RequestLogView(e.Timestamp, e.StatusCode))];

    private static List<JsonObject> Lines(string file) =>
        [.. File.ReadAllLines(file).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!.AsObject())];

    [Fact]
    public async Task Three_processes_keep_together_to_one_keys_limit_and_their_shards_cover_the_folder_once_and_merge_into_one_coco_file()
    {
        using var redis = await RedisServer.StartAsync();
        var window = TimeSpan.FromSeconds(5);
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { RateLimitPerMinute = 60, RateLimitWindow = window }, TestContext.Current.CancellationToken);
        var truth = _folder.Scenes(90);

        // Each process alone would send its 30 at once: 90 together in one window, 30 over the key's limit.
        var runs = await Task.WhenAll(Enumerable.Range(1, 3).Select(k => ToolProcess.RunAsync(
            Environment(emulator),
            "batch", "detect", _folder.File("images"), "--out", _folder.File($"shard{k}.jsonl"), "--shard", $"{k}/3",
            "--concurrency", "4", "--rate", "60/5s", "--redis", redis.Configuration, "--retries", "0", "--json")));

        var failures = Enumerable.Range(1, 3).SelectMany(k => Lines(_folder.File($"shard{k}.jsonl"))).Where(l => l["error"] is not null).Select(l => l.ToJsonString()).ToList();
        var log = Chats(emulator);
        var t0 = log.Min(c => c.At);
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(3)) + "\n" + string.Join(" ", log.OrderBy(c => c.At).Select(c => $"{(c.At - t0).TotalSeconds:F2}:{c.Status}")));
        Assert.All(runs, run => Assert.True(run.ExitCode == 0, run.ToString()));
        var chats = Chats(emulator);
        Assert.Equal(90, chats.Count);
        Assert.All(chats, c => Assert.Equal(200, c.Status));
        var busiest = chats.Max(c => chats.Count(o => o.At > c.At - window && o.At <= c.At));
        Assert.True(busiest <= 60, $"{busiest} requests arrived within one {window.TotalSeconds} s window");

        var paths = Enumerable.Range(1, 3).SelectMany(k => Lines(_folder.File($"shard{k}.jsonl"))).Select(l => l["path"]!.GetValue<string>()).ToList();
        Assert.Equal(truth.Keys.Order(), paths.Order()); // every image exactly once
        Assert.All(Enumerable.Range(1, 3), k => Assert.InRange(Lines(_folder.File($"shard{k}.jsonl")).Count, 15, 45));

        var coco = _folder.File("coco.json");
        var export = await Tool.RunAsync("export", "coco", _folder.File("shard1.jsonl"), _folder.File("shard2.jsonl"), _folder.File("shard3.jsonl"), "--out", coco);
        Assert.True(export.ExitCode == 0, export.ToString());
        var json = JsonNode.Parse(File.ReadAllText(coco))!;
        Assert.Equal(90, json["images"]!.AsArray().Count);
        Assert.Equal(90, json["images"]!.AsArray().Select(i => i!["id"]!.GetValue<int>()).Distinct().Count());
        var annotations = json["annotations"]!.AsArray();
        Assert.Equal(truth.Values.Sum(s => s.Objects.Count), annotations.Count);
        Assert.Equal(annotations.Count, annotations.Select(a => a!["id"]!.GetValue<int>()).Distinct().Count());
        var categories = json["categories"]!.AsArray().Select(c => c!["id"]!.GetValue<int>()).ToHashSet();
        Assert.All(annotations, a => Assert.Contains(a!["category_id"]!.GetValue<int>(), categories));
    }

    [Fact]
    public async Task A_second_process_gets_the_answers_the_first_stored_with_their_boxes_and_sends_nothing()
    {
        using var redis = await RedisServer.StartAsync();
        await using var emulator = await EmulatorServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        _folder.Scenes(6);

        var first = await ToolProcess.RunAsync(Environment(emulator), "batch", "detect", _folder.File("images"), "--out", _folder.File("first.jsonl"), "--redis", redis.Configuration, "--json");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(6, Chats(emulator).Count);

        var second = await ToolProcess.RunAsync(Environment(emulator), "batch", "detect", _folder.File("images"), "--out", _folder.File("second.jsonl"), "--redis", redis.Configuration, "--json");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(6, Chats(emulator).Count); // every answer came from Redis

        var stored = Lines(_folder.File("first.jsonl")).ToDictionary(l => l["path"]!.GetValue<string>(), l => l.ToJsonString());
        var reused = Lines(_folder.File("second.jsonl")).ToDictionary(l => l["path"]!.GetValue<string>(), l => l.ToJsonString());
        Assert.Equal(stored, reused); // the same boxes, counts and mentions
        Assert.All(Lines(_folder.File("second.jsonl")), l => Assert.NotEmpty(l["annotations"]!.AsArray()));

        // A different model is a different question: nothing is reused across models.
        var other = await ToolProcess.RunAsync(Environment(emulator), "batch", "detect", _folder.File("images"), "--out", _folder.File("other.jsonl"), "--redis", redis.Configuration, "--model", "perceptron-mk1", "--json");
        Assert.True(other.ExitCode == 0, other.ToString());
        Assert.Equal(12, Chats(emulator).Count);
    }

    [Fact]
    public async Task An_unreachable_redis_is_a_configuration_error_that_names_the_option()
    {
        _folder.Scenes(1);
        var run = await Tool.RunAsync("batch", "detect", _folder.File("images"), "--out", _folder.File("r.jsonl"), "--redis", "127.0.0.1:1", "--emulator");
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("--redis", run.Error, StringComparison.Ordinal);
    }

    private readonly record struct RequestLogView(DateTimeOffset At, int? Status);
}
