using System.Net;
using System.Text;
using System.Threading.RateLimiting;
using Connectors.Core.Profiles;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace Connectors.Core.Tests;

/// <summary>An application's own <see cref="RateLimiter"/>, shared by several clients, in place of the built-in window.</summary>
public class SharedRateLimiterTests
{
    private static ChatServiceProfile Profile(RateLimiter limiter, bool waitForPermit = false, TimeProvider? time = null) => new()
    {
        ProviderName = "test",
        DefaultModelId = "m",
        Transport = new ServiceTransport
        {
            Endpoint = new("https://api.test/v1"),
            // The built-in window would let both through; the shared limiter decides instead.
            Resilience = new ChatResilienceOptions { RetriesEnabled = false, RequestsPerWindow = 300 }.UseRateLimiter(limiter, waitForPermit),
            RequestTimeout = TimeSpan.FromSeconds(30),
            Time = time ?? TimeProvider.System,
        },
        Options = new OptionTable([.. TestProfile.StandardRows]),
    };

    [Fact]
    public async Task Two_clients_share_one_limiter_a_refused_permit_is_a_rate_limit_error_and_the_limiter_outlives_them()
    {
        using var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 0 });
        var gate = new GatedHandler();
        var first = new EngineClient(gate, Profile(limiter));
        var second = new EngineClient(gate, Profile(limiter));

        var held = first.GetResponseAsync("one", cancellationToken: TestContext.Current.CancellationToken);
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        var refused = await Assert.ThrowsAsync<ChatRateLimitException>(() => second.GetResponseAsync("two", cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("application's rate limiter", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, gate.Calls);

        gate.Release.SetResult();
        Assert.Equal("ok", (await held).Text);
        Assert.Equal("ok", (await second.GetResponseAsync("three", cancellationToken: TestContext.Current.CancellationToken)).Text); // the permit came back

        first.Dispose();
        second.Dispose();
        using var lease = limiter.AttemptAcquire();
        Assert.True(lease.IsAcquired); // not disposed by the clients
    }

    [Fact]
    public async Task Waiting_for_a_permit_asks_again_after_the_limiters_retry_after_and_sends_once()
    {
        var clock = new FakeTimeProvider();
        using var limiter = new ScriptedLimiter(refusals: 2, retryAfter: TimeSpan.FromSeconds(5));
        var gate = new GatedHandler { Open = true };
        using var client = new EngineClient(gate, Profile(limiter, waitForPermit: true, clock));

        var call = client.GetResponseAsync("one", cancellationToken: TestContext.Current.CancellationToken);
        await limiter.WaitForAsksAsync(1);
        clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Equal(1, limiter.Asks); // not before the retry-after
        clock.Advance(TimeSpan.FromSeconds(0.1));
        await limiter.WaitForAsksAsync(2);
        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal("ok", (await call.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken)).Text);
        Assert.Equal(3, limiter.Asks);
        Assert.Equal(1, gate.Calls);
    }

    [Fact]
    public async Task Waiting_without_a_retry_after_pauses_briefly_and_growing()
    {
        var clock = new FakeTimeProvider();
        using var limiter = new ScriptedLimiter(refusals: 3, retryAfter: null);
        var gate = new GatedHandler { Open = true };
        using var client = new EngineClient(gate, Profile(limiter, waitForPermit: true, clock));

        var call = client.GetResponseAsync("one", cancellationToken: TestContext.Current.CancellationToken);
        for (var ask = 1; ask <= 3; ask++)
        {
            await limiter.WaitForAsksAsync(ask);
            clock.Advance(Connectors.Core.Http.SharedPermits.LongestPause);
        }

        Assert.Equal("ok", (await call.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken)).Text);
        Assert.Equal(4, limiter.Asks);
    }

    [Fact]
    public async Task A_retry_after_beyond_the_calls_timeout_is_a_rate_limit_error_at_once()
    {
        var clock = new FakeTimeProvider();
        using var limiter = new ScriptedLimiter(refusals: 1, retryAfter: TimeSpan.FromSeconds(45));
        var gate = new GatedHandler { Open = true };
        using var client = new EngineClient(gate, Profile(limiter, waitForPermit: true, clock));

        var refused = await Assert.ThrowsAsync<ChatRateLimitException>(() => client.GetResponseAsync("one", cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(TimeSpan.FromSeconds(45), refused.RetryAfter);
        Assert.Contains("RequestTimeout", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, gate.Calls);
    }

    /// <summary>Refuses the first asks (as a Redis window that cannot queue does), then grants.</summary>
    private sealed class ScriptedLimiter(int refusals, TimeSpan? retryAfter) : RateLimiter
    {
        private int _asks;

        public int Asks => Volatile.Read(ref _asks);

        public override TimeSpan? IdleDuration => null;

        public async Task WaitForAsksAsync(int asks)
        {
            for (var i = 0; i < 1000 && Asks < asks; i++)
            {
                await Task.Delay(10, TestContext.Current.CancellationToken);
            }

            Assert.True(Asks >= asks, $"the limiter was asked {Asks} times, not {asks}");
            await Task.Delay(20, TestContext.Current.CancellationToken); // let the waiter reach its timer
        }

        public override RateLimiterStatistics? GetStatistics() => null;

        protected override RateLimitLease AttemptAcquireCore(int permitCount) => throw new NotSupportedException();

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
            ValueTask.FromResult<RateLimitLease>(new Lease(Interlocked.Increment(ref _asks) > refusals, retryAfter));

        private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
        {
            public override bool IsAcquired => acquired;

            public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

            public override bool TryGetMetadata(string metadataName, out object? metadata)
            {
                metadata = retryAfter;
                return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
            }
        }
    }

    private sealed class GatedHandler : HttpMessageHandler
    {
        private int _calls;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Calls => Volatile.Read(ref _calls);

        /// <summary>Whether every call goes straight through.</summary>
        public bool Open { get; init; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _calls) == 1 && !Open)
            {
                Entered.SetResult();
                await Release.Task.WaitAsync(cancellationToken);
            }

            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(
                    """{"id":"c1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}""",
                    Encoding.UTF8,
                    "application/json"),
            };
        }
    }
}
