using System.Diagnostics;
using Connectors.Emulator;
using Connectors.Emulator.Faults;
using Connectors.Emulator.Rules;
using Connectors.Reliability.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace Connectors.Reliability.Tests.Cancellation;

/// <summary>
/// Cancelling a call that the service is slow to serve gives control back at once (a bounded-latency guard,
/// not a benchmark) as a cancellation, not a timeout or service error, and closes the connection, which the
/// emulator records as a client abort.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class CancellationTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan ReturnBound = TimeSpan.FromMilliseconds(200);
    private EmulatorServer _server = null!;
    private int _cases;

    public enum Where
    {
        /// <summary>A streamed answer paused between chunks (slow_drip) after its first chunk arrived.</summary>
        MidStream,

        /// <summary>A stream whose headers have not arrived yet (slow_first_byte).</summary>
        BeforeFirstByte,

        /// <summary>A non-streamed call whose headers have not arrived yet (slow_first_byte).</summary>
        NonStreamed,
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await EmulatorServer.StartAsync(cancellationToken: Ct);
        _server.Rules.When("drip", new RuleReply { Text = "first second third fourth fifth" });
        foreach (var dialect in new[] { Dialect.Perceptron, Dialect.JamAI })
        {
            // The first cancellation in a process pays for JIT of the cancel paths; measure warm code.
            await CancelAsync(dialect, Where.MidStream);
        }
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(Dialect.Perceptron, Where.MidStream)]
    [InlineData(Dialect.Perceptron, Where.BeforeFirstByte)]
    [InlineData(Dialect.Perceptron, Where.NonStreamed)]
    [InlineData(Dialect.JamAI, Where.MidStream)]
    [InlineData(Dialect.JamAI, Where.BeforeFirstByte)]
    [InlineData(Dialect.JamAI, Where.NonStreamed)]
    public async Task Cancelling_a_slow_call_returns_at_once_and_closes_the_connection(Dialect dialect, Where where)
    {
        var (elapsed, error, marker) = await CancelAsync(dialect, where);

        output.WriteLine($"{dialect} {where}: control back {elapsed.TotalMilliseconds:0.0} ms after Cancel()");
        Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.True(elapsed <= ReturnBound, $"control came back {elapsed.TotalMilliseconds:0} ms after Cancel()");
        Assert.True(
            await _server.RequestLog.WaitForAsync(e => e.ClientAborted && e.Completed && e.Headers.TryGetValue(ExtraHeadersHandler.CaseHeader, out var v) && v == marker, TimeSpan.FromSeconds(5), Ct),
            "the emulator did not see the connection close");
    }

    private async Task<(TimeSpan Elapsed, Exception? Error, string Marker)> CancelAsync(Dialect dialect, Where where)
    {
        var marker = $"cancel-{Interlocked.Increment(ref _cases)}";
        var headers = new Dictionary<string, string>
        {
            [ExtraHeadersHandler.CaseHeader] = marker,
            [EmulatorFaults.FaultHeader] = where == Where.MidStream ? EmulatorFaults.SlowDrip : EmulatorFaults.SlowFirstByte,
            [EmulatorFaults.DelayHeader] = "10000",
        };
        using var owned = TestClients.Create(_server, dialect, new ClientSettings { Headers = headers });
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        Task pending;
        IAsyncEnumerator<ChatResponseUpdate>? stream = null;
        if (where == Where.NonStreamed)
        {
            pending = owned.Client.GetResponseAsync(TestClients.Ask("drip"), cancellationToken: cancel.Token);
        }
        else
        {
            stream = owned.Client.GetStreamingResponseAsync(TestClients.Ask("drip"), cancellationToken: cancel.Token).GetAsyncEnumerator(cancel.Token);
            if (where == Where.MidStream)
            {
                Assert.True(await stream.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct));
                Assert.NotEmpty(stream.Current.Text);
            }

            pending = stream.MoveNextAsync().AsTask();
        }

        // The server has the request and is pausing: the call is waiting on it. Cancel now.
        await _server.RequestLog.WaitForAsync(e => e.Headers.TryGetValue(ExtraHeadersHandler.CaseHeader, out var v) && v == marker, TimeSpan.FromSeconds(10), Ct);
        Assert.False(pending.IsCompleted);

        var watch = Stopwatch.StartNew();
        await cancel.CancelAsync();
        Exception? error = null;
        try
        {
            await pending.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        }
        catch (Exception e)
        {
            error = e;
        }

        if (stream is not null)
        {
            await stream.DisposeAsync();
        }

        watch.Stop();
        return (watch.Elapsed, error, marker);
    }
}
