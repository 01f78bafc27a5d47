using System.Net;
using System.Text;
using Connectors.Core.Profiles;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace Connectors.Core.Tests;

/// <summary>The total deadline, the idle timer and Retry-After, all on the transport's clock (a fake one here).</summary>
public class DeadlineTests
{
    private static readonly List<ChatMessage> Question = [new(ChatRole.User, "hi")];

    private static ChatServiceProfile Profile(FakeTimeProvider clock, TimeSpan requestTimeout, ChatResilienceOptions? resilience = null) => new()
    {
        ProviderName = "test",
        DefaultModelId = "m",
        Transport = new ServiceTransport
        {
            Endpoint = new("https://api.test/v1"),
            RequestTimeout = requestTimeout,
            StreamIdleTimeout = TimeSpan.FromSeconds(10),
            Time = clock,
            Resilience = resilience ?? new() { RetriesEnabled = false },
        },
        Options = new OptionTable([.. TestProfile.StandardRows]),
    };

    [Fact]
    public async Task A_stream_of_empty_events_is_ended_by_the_total_deadline_though_it_never_goes_silent()
    {
        var clock = new FakeTimeProvider();
        var stream = new EmptyEventStream(clock, every: TimeSpan.FromSeconds(1), maxEvents: 10_000);
        using var client = new EngineClient(new StreamHandler(stream), Profile(clock, TimeSpan.FromSeconds(30)));

        var error = await Assert.ThrowsAsync<ChatTimeoutException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync(Question, cancellationToken: TestContext.Current.CancellationToken))
            {
            }
        });

        Assert.Contains("did not finish within 30 s", error.Message, StringComparison.Ordinal);
        Assert.InRange(stream.Events, 29, 32); // one a second: the idle timer (10 s) never ran out, the total (30 s) did
    }

    [Fact]
    public async Task A_stream_that_goes_silent_fails_once_it_was_silent_for_the_idle_timeout_and_not_before()
    {
        var clock = new FakeTimeProvider();
        var stream = new StallingStream(clock, events: 3);
        using var client = new EngineClient(new StreamHandler(stream), Profile(clock, TimeSpan.FromMinutes(5)));
        var updates = 0;
        var reading = Task.Run(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync(Question, cancellationToken: TestContext.Current.CancellationToken))
            {
                updates++;
            }
        });
        await stream.Stalled.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var silentFrom = clock.GetUtcNow();

        // The timeout is 10 s: the watchdog ticks every 625 ms, so it fires at 10 s at the earliest and 11.25 s at the latest.
        var tick = TimeSpan.FromMilliseconds(625);
        while (clock.GetUtcNow() - silentFrom + tick < TimeSpan.FromSeconds(10))
        {
            clock.Advance(tick);
            Assert.Null(stream.CancelledAt);
        }

        while (stream.CancelledAt is null && clock.GetUtcNow() - silentFrom < TimeSpan.FromSeconds(12))
        {
            clock.Advance(tick);
        }

        Assert.InRange((stream.CancelledAt ?? DateTimeOffset.MaxValue) - silentFrom, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(11.25));
        var error = await Assert.ThrowsAsync<ChatTimeoutException>(() => reading);
        Assert.Contains("was silent for 10 s (StreamIdleTimeout)", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, updates);
    }

    [Theory]
    [InlineData(30, 120)] // beyond MaxRetryAfter (10 s)
    [InlineData(5, 3)] // within MaxRetryAfter, beyond the 3 s the call has left
    public async Task A_retry_after_that_cannot_be_waited_on_surfaces_the_429_at_once_with_its_retry_after(int retryAfterSeconds, int requestTimeoutSeconds)
    {
        var clock = new FakeTimeProvider();
        var handler = new RateLimitThenAnswerHandler(retryAfterSeconds);
        using var client = new EngineClient(handler, Profile(clock, TimeSpan.FromSeconds(requestTimeoutSeconds), new() { MaxRetries = 2, BaseDelay = TimeSpan.Zero }));

        var error = await Assert.ThrowsAsync<ChatRateLimitException>(() => client.GetResponseAsync(Question, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(TimeSpan.FromSeconds(retryAfterSeconds), error.RetryAfter);
        Assert.Equal(1, handler.Calls);
    }

    [Fact]
    public async Task A_retry_after_within_both_limits_is_waited_on_the_clock_and_the_call_answers()
    {
        var clock = new FakeTimeProvider();
        var handler = new RateLimitThenAnswerHandler(retryAfterSeconds: 2);
        using var client = new EngineClient(handler, Profile(clock, TimeSpan.FromSeconds(60), new() { MaxRetries = 2, BaseDelay = TimeSpan.Zero }));

        var call = client.GetResponseAsync(Question, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(SpinWait.SpinUntil(() => handler.Calls == 1, TimeSpan.FromSeconds(10)));
        Assert.False(call.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, handler.Calls); // still waiting: 1 of the 2 seconds
        clock.Advance(TimeSpan.FromSeconds(1));
        var response = await call.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal("ok", response.Text);
        Assert.Equal(2, handler.Calls);
    }

    private sealed class StreamHandler(Stream body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new StreamContent(body);
            content.Headers.ContentType = new("text/event-stream");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
        }
    }

    private sealed class RateLimitThenAnswerHandler(int retryAfterSeconds) : HttpMessageHandler
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _calls) == 1)
            {
                var limited = new HttpResponseMessage(HttpStatusCode.TooManyRequests)
                {
                    Content = new StringContent("""{"error":{"message":"Rate limit reached","type":"rate_limit_error","code":"rate_limit_exceeded"}}""", Encoding.UTF8, "application/json"),
                };
                limited.Headers.TryAddWithoutValidation("Retry-After", retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
                return Task.FromResult(limited);
            }

            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(
                    """{"id":"c1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}""",
                    Encoding.UTF8,
                    "application/json"),
            });
        }
    }

    /// <summary>Sends a chunk with an empty delta every <paramref name="every"/> of the fake clock, up to a bound.</summary>
    /// <summary>Gives <c>events</c> text events, then waits for cancellation and notes when it came.</summary>
    private sealed class StallingStream(FakeTimeProvider clock, int events) : Stream
    {
        private readonly MemoryStream _events = new(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, events).Select(i =>
            $"data: {{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"w{i} \"}}}}]}}\n\n"))));

        public TaskCompletionSource Stalled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public DateTimeOffset? CancelledAt { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = _events.Read(buffer.Span);
            if (n > 0)
            {
                return n;
            }

            using var _ = cancellationToken.Register(() => CancelledAt ??= clock.GetUtcNow());
            Stalled.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class EmptyEventStream(FakeTimeProvider clock, TimeSpan every, int maxEvents) : Stream
    {
        private static readonly byte[] Event = """data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{}}]}"""u8.ToArray().Concat("\n\n"u8.ToArray()).ToArray();

        private int _events;
        private int _offset;

        public int Events => _events;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_offset == 0)
            {
                if (_events >= maxEvents)
                {
                    return 0; // the bound: a deadline that failed shows as a stream that ended without [DONE]
                }

                clock.Advance(every);
                _events++;
            }

            var n = Math.Min(buffer.Length, Event.Length - _offset);
            Event.AsSpan(_offset, n).CopyTo(buffer);
            _offset = (_offset + n) % Event.Length;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(Read(buffer.Span));
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
