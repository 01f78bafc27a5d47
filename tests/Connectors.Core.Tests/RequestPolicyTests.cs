using System.Diagnostics;
using Connectors.Core.Http;

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
        using var policy = new RequestPolicy(new ChatResilienceOptions { RequestsPerWindow = 4, RateLimitWindow = window, RetriesEnabled = false }, "test");
        var clock = Stopwatch.StartNew();
        var arrivals = new List<TimeSpan>();
        ValueTask<HttpResponseMessage> Send(object? state, CancellationToken token)
        {
            lock (arrivals)
            {
                arrivals.Add(clock.Elapsed);
            }

            return ValueTask.FromResult(new HttpResponseMessage());
        }

        await Task.Delay(80, TestContext.Current.CancellationToken);
        var sends = Enumerable.Range(0, 8).Select(_ => policy.ExecuteAsync<object?>(Send, null, TestContext.Current.CancellationToken).AsTask()).ToArray();
        foreach (var response in await Task.WhenAll(sends))
        {
            response.Dispose();
        }

        arrivals.Sort();
        Assert.Equal(8, arrivals.Count);

        // The fifth request is the first of the second burst: it may come no sooner than a window after the first
        // (less a little for the timer that releases it and the thread that records it).
        var gap = arrivals[4] - arrivals[0];
        Assert.True(gap >= window - TimeSpan.FromMilliseconds(30), $"5 requests within {gap.TotalMilliseconds:0} ms, the limit is 4 per {window.TotalMilliseconds:0} ms");
    }
}
