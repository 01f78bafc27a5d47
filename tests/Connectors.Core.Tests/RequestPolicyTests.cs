using Connectors.Core.Http;
using Microsoft.Extensions.Time.Testing;

namespace Connectors.Core.Tests;

public class RequestPolicyTests
{
    [Fact]
    public async Task No_interval_of_one_window_holds_more_requests_than_the_limit()
    {
        // A window of 1.2 s counted in segments of 100 ms. The first burst goes late in the first segment: a
        // limiter that frees that segment's permits when it leaves a 1.2 s window lets the second burst in
        // about 1.12 s later, two bursts in one window.
        var window = TimeSpan.FromMilliseconds(1200);
        var clock = new FakeTimeProvider();
        var start = clock.GetUtcNow();
        using var policy = new RequestPolicy(new ChatResilienceOptions { RequestsPerWindow = 4, RateLimitWindow = window, RetriesEnabled = false }, "test", clock);
        var arrivals = new List<TimeSpan>();
        ValueTask<HttpResponseMessage> Send(object? state, CancellationToken token)
        {
            lock (arrivals)
            {
                arrivals.Add(clock.GetUtcNow() - start);
            }

            return ValueTask.FromResult(new HttpResponseMessage());
        }

        int Arrived()
        {
            lock (arrivals)
            {
                return arrivals.Count;
            }
        }

        clock.Advance(TimeSpan.FromMilliseconds(80));
        var sends = Enumerable.Range(0, 8).Select(_ => policy.ExecuteAsync<object?>(Send, null, null, TestContext.Current.CancellationToken).AsTask()).ToArray();
        Assert.True(SpinWait.SpinUntil(() => Arrived() == 4, TimeSpan.FromSeconds(10)));

        // Up to a window after the first burst, nothing more may pass.
        while (clock.GetUtcNow() - start < TimeSpan.FromMilliseconds(80) + window)
        {
            clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        await Task.WhenAny(Task.WhenAll(sends), Task.Delay(200, TestContext.Current.CancellationToken)); // a wrong release would show by now
        Assert.Equal(4, Arrived());

        // The first burst's segment leaves the window at the next segment boundary: the second burst goes then.
        clock.Advance(TimeSpan.FromMilliseconds(20));
        foreach (var response in await Task.WhenAll(sends).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken))
        {
            response.Dispose();
        }

        Assert.Equal(8, arrivals.Count);
        Assert.All(arrivals.Skip(4), a => Assert.True(a - arrivals[0] >= window, $"a request {a - arrivals[0]} after the first, the limit is 4 per {window}"));
    }

    [Fact]
    public async Task A_full_queue_is_refused_with_a_typed_error_that_says_what_to_change()
    {
        var clock = new FakeTimeProvider();
        using var policy = new RequestPolicy(new ChatResilienceOptions { RequestsPerWindow = 1, RateLimitWindow = TimeSpan.FromMinutes(1), RateLimitQueueLimit = 1, RetriesEnabled = false }, "test", clock);
        static ValueTask<HttpResponseMessage> Send(object? state, CancellationToken token) => ValueTask.FromResult(new HttpResponseMessage());

        (await policy.ExecuteAsync<object?>(Send, null, null, TestContext.Current.CancellationToken)).Dispose();
        var queued = policy.ExecuteAsync<object?>(Send, null, null, TestContext.Current.CancellationToken).AsTask();
        var error = await Assert.ThrowsAsync<ChatRateLimitException>(() => policy.ExecuteAsync<object?>(Send, null, null, TestContext.Current.CancellationToken).AsTask());

        Assert.Contains("RateLimitQueueLimit", error.Message, StringComparison.Ordinal);
        Assert.False(queued.IsCompleted);
        clock.Advance(TimeSpan.FromMinutes(1.1));
        (await queued.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken)).Dispose();
    }

    [Fact]
    public void The_defaults_suit_an_interactive_caller()
    {
        // The README promises a failure within about 20 s: 2 retries, each waiting at most 10 s.
        var defaults = new ChatResilienceOptions();

        Assert.Equal(2, defaults.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(10), defaults.MaxRetryAfter);
        Assert.True(defaults.MaxRetries * defaults.MaxRetryAfter <= TimeSpan.FromSeconds(20));
    }
}
