using System.Collections.Concurrent;
using Connectors.Core;
using Connectors.Emulator;
using Connectors.Emulator.Rules;
using Connectors.Reliability.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace Connectors.Reliability.Tests.RateLimiting;

/// <summary>
/// Bursts against the emulator's real per-key limiter (sliding window, 300 per minute by default): with the
/// client limiter on, every request completes and the service never answers 429.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class BurstTests(ITestOutputHelper output)
{
    private const string Answer = "one two three four five six seven eight nine ten";
    private const string SharedKey = "burst-shared-key";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<EmulatorServer> StartAsync(int perMinute)
    {
        var server = await EmulatorServer.StartAsync(new EmulatorOptions { RateLimitPerMinute = perMinute }, Ct);
        // Paced chunks keep the streams open long enough to overlap.
        server.Rules.When("burst", new RuleReply { Text = Answer, DelayMs = 20 });
        return server;
    }

    private static List<Emulator.Logging.RequestLogEntry> ChatEntries(EmulatorServer server) =>
        [.. server.RequestLog.Entries.Where(e => e.Path.EndsWith("/chat/completions", StringComparison.Ordinal))];

    [Fact]
    public async Task Two_hundred_concurrent_streams_of_both_dialects_all_complete_without_a_429()
    {
        await using var server = await StartAsync(perMinute: 300);
        // Shipped defaults except the JamAI limiter, which has no default: both held to 300 per minute, one key.
        using var perceptron = TestClients.Create(server, Dialect.Perceptron, new ClientSettings { ApiKey = SharedKey });
        using var jamai = TestClients.Create(server, Dialect.JamAI, new ClientSettings { ApiKey = SharedKey, Resilience = new ChatResilienceOptions { RequestsPerWindow = 300 } });

        var open = 0;
        var peak = 0;
        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            var client = i % 2 == 0 ? perceptron.Client : jamai.Client;
            var updates = new List<ChatResponseUpdate>();
            var counted = false;
            try
            {
                await foreach (var update in client.GetStreamingResponseAsync(TestClients.Ask($"burst {i}"), cancellationToken: Ct))
                {
                    if (!counted)
                    {
                        counted = true;
                        var now = Interlocked.Increment(ref open);
                        InterlockedMax(ref peak, now);
                    }

                    updates.Add(update);
                }
            }
            finally
            {
                if (counted)
                {
                    Interlocked.Decrement(ref open);
                }
            }

            return updates.ToChatResponse();
        })).WaitAsync(TimeSpan.FromSeconds(120), Ct);

        output.WriteLine($"200 streams; at most {peak} open at once");
        Assert.All(results, r =>
        {
            Assert.Equal(Answer, r.Text);
            Assert.Equal(ChatFinishReason.Stop, r.FinishReason);
        });

        // Exactly one request per stream, every one 200: no 429 was answered (and none hidden by a retry).
        var entries = ChatEntries(server);
        Assert.Equal(200, entries.Count);
        Assert.All(entries, e => Assert.Equal(200, e.StatusCode));
        Assert.True(peak >= 20, $"the streams did not overlap (at most {peak} open at once)");
    }

    [Theory]
    [InlineData(Dialect.Perceptron)]
    [InlineData(Dialect.JamAI)]
    public async Task A_client_limit_below_the_service_limit_queues_a_burst_instead_of_failing(Dialect dialect)
    {
        await using var server = await StartAsync(perMinute: 300);
        // 10 per second is below 300 per minute only over a short window: 40 at once must queue for about 3 s.
        // Retries are off, so a 429 would surface instead of being retried away.
        var resilience = new ChatResilienceOptions { RequestsPerWindow = 10, RateLimitWindow = TimeSpan.FromSeconds(1), RetriesEnabled = false };
        using var owned = TestClients.Create(server, dialect, new ClientSettings { ApiKey = SharedKey, Resilience = resilience });

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => TestClients.StreamAsync(owned.Client, $"burst {i}", Ct)))
            .WaitAsync(TimeSpan.FromSeconds(60), Ct);

        Assert.All(results, r =>
        {
            Assert.Null(r.Error);
            Assert.Equal(Answer, r.Response!.Text);
        });
        var arrivals = ChatEntries(server).Select(e => e.Timestamp).Order().ToList();
        Assert.Equal(40, arrivals.Count);
        Assert.All(ChatEntries(server), e => Assert.Equal(200, e.StatusCode));

        // Held back, not refused: four windows' worth arrive over at least three windows (less one segment each).
        var span = arrivals[^1] - arrivals[0];
        output.WriteLine($"{dialect}: 40 requests arrived over {span.TotalMilliseconds:0} ms");
        Assert.True(span >= TimeSpan.FromSeconds(2.5), $"the burst was not queued: it arrived within {span.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Without_the_client_limiter_the_service_limit_surfaces_as_typed_429s()
    {
        // The control for the tests above: the emulator's limiter is real, and a burst beyond it is refused.
        await using var server = await StartAsync(perMinute: 30);
        using var owned = TestClients.Create(server, Dialect.Perceptron, new ClientSettings { ApiKey = SharedKey, Resilience = new ChatResilienceOptions { RetriesEnabled = false } });

        var errors = new ConcurrentBag<Exception>();
        await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            try
            {
                await owned.Client.GetResponseAsync(TestClients.Ask($"burst {i}"), cancellationToken: Ct);
            }
            catch (Exception e)
            {
                errors.Add(e);
            }
        })).WaitAsync(TimeSpan.FromSeconds(60), Ct);

        Assert.Equal(10, errors.Count);
        Assert.All(errors, e =>
        {
            var limited = Assert.IsType<ChatRateLimitException>(e);
            Assert.True(limited.IsRetryable);
            Assert.NotNull(limited.RetryAfter);
        });
        Assert.Equal(10, ChatEntries(server).Count(e => e.StatusCode == 429));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
