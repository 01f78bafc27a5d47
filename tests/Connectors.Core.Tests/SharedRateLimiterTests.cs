using System.Net;
using System.Text;
using System.Threading.RateLimiting;
using Connectors.Core.Profiles;
using Microsoft.Extensions.AI;

namespace Connectors.Core.Tests;

/// <summary>An application's own <see cref="RateLimiter"/>, shared by several clients, in place of the built-in window.</summary>
public class SharedRateLimiterTests
{
    private static ChatServiceProfile Profile(RateLimiter limiter) => new()
    {
        ProviderName = "test",
        DefaultModelId = "m",
        Transport = new ServiceTransport
        {
            Endpoint = new("https://api.test/v1"),
            // The built-in window would let both through; the shared limiter decides instead.
            Resilience = new ChatResilienceOptions { RetriesEnabled = false, RequestsPerWindow = 300 }.UseRateLimiter(limiter),
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

    private sealed class GatedHandler : HttpMessageHandler
    {
        private int _calls;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Calls => Volatile.Read(ref _calls);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _calls) == 1)
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
