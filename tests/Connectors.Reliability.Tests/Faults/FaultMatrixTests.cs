using System.Diagnostics;
using System.Globalization;
using System.Text;
using Connectors.Core;
using Connectors.Emulator;
using Connectors.Emulator.Faults;
using Connectors.Emulator.Rules;
using Connectors.Reliability.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace Connectors.Reliability.Tests.Faults;

/// <summary>
/// Every emulator fault × streaming and not × both clients, against the expected-outcome table: a retry that
/// ends in the complete answer, or one exact typed error; never a hang or a partial answer taken as success.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class FaultMatrixTests(ITestOutputHelper output)
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PerceptronIdleTimeout = TimeSpan.FromMilliseconds(800);
    private static readonly TimeSpan CaseBound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Every_fault_in_both_dialects_ends_in_the_expected_outcome()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { RateLimitPerMinute = 1_000_000 }, TestContext.Current.CancellationToken);
        await WarmUpAsync(server);

        var cases = new List<FaultCase>();
        foreach (var dialect in new[] { Dialect.Perceptron, Dialect.JamAI })
        {
            foreach (var fault in EmulatorFaults.All)
            {
                foreach (var mode in ExpectedOutcomes.ModesOf(fault))
                {
                    foreach (var streaming in new[] { false, true })
                    {
                        cases.Add(new FaultCase(cases.Count + 1, dialect, fault, mode, streaming));
                    }
                }
            }
        }

        var rows = new List<(FaultCase Case, ExpectedOutcome Expected, ActualOutcome Actual, string? Failure)>();
        foreach (var c in cases)
        {
            var expected = ExpectedOutcomes.For(c.Fault, c.Mode, c.Streaming);
            var actual = await RunAsync(server, c);
            rows.Add((c, expected, actual, Check(c, expected, actual)));
        }

        var table = Table(rows);
        output.WriteLine(table);
        TestContext.Current.SendDiagnosticMessage(table);
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "fault-matrix.md"), table, TestContext.Current.CancellationToken);

        var failures = rows.Where(r => r.Failure is not null).Select(r => $"{r.Case.Marker} {r.Case.Dialect} {r.Case.Fault} {r.Case.Mode} {r.Case.Call}: {r.Failure}").ToList();
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Equal(2 * EmulatorFaults.All.Count * 2 * 2, rows.Count);
    }

    private static async Task WarmUpAsync(EmulatorServer server)
    {
        // The first calls pay for JIT and connection set-up; keep that out of the short timeouts below.
        foreach (var dialect in new[] { Dialect.Perceptron, Dialect.JamAI })
        {
            using var owned = TestClients.Create(server, dialect, new ClientSettings { Headers = new Dictionary<string, string> { ["x-warm-up"] = "1" } });
            await owned.Client.GetResponseAsync(TestClients.Ask("warm up"), cancellationToken: TestContext.Current.CancellationToken);
            await TestClients.StreamAsync(owned.Client, "warm up", TestContext.Current.CancellationToken);
        }
    }

    private static async Task<ActualOutcome> RunAsync(EmulatorServer server, FaultCase c)
    {
        server.Rules.Add(new EmulatorRule
        {
            Name = c.Marker + "-fault",
            Times = 1,
            Match = new RuleMatch { Text = c.Marker },
            Reply = new RuleReply { Fault = c.Mode == FaultMode.Once ? c.Fault : null, Text = c.Answer },
        });
        server.Rules.Add(new EmulatorRule { Name = c.Marker, Match = new RuleMatch { Text = c.Marker }, Reply = new RuleReply { Text = c.Answer } });

        var headers = new Dictionary<string, string> { [ExtraHeadersHandler.CaseHeader] = c.Marker };
        if (c.Mode != FaultMode.Once)
        {
            headers[EmulatorFaults.FaultHeader] = c.Fault;
        }

        if (c.Mode is FaultMode.WithinTimeout or FaultMode.BeyondTimeout)
        {
            headers[EmulatorFaults.DelayHeader] = DelayMs(c).ToString(CultureInfo.InvariantCulture);
        }

        var settings = new ClientSettings
        {
            RequestTimeout = RequestTimeout,
            StreamIdleTimeout = PerceptronIdleTimeout,
            Resilience = new ChatResilienceOptions
            {
                MaxRetries = ExpectedOutcomes.MaxRetries,
                BaseDelay = TimeSpan.FromMilliseconds(5),
                MaxRetryAfter = TimeSpan.FromMilliseconds(20),
            },
            Headers = headers,
        };

        using var owned = TestClients.Create(server, c.Dialect, settings);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bound.CancelAfter(CaseBound + TimeSpan.FromSeconds(5));
        var watch = Stopwatch.StartNew();
        ChatResponse? response = null;
        Exception? error;
        var partial = "";
        try
        {
            if (c.Streaming)
            {
                (response, partial, error) = await TestClients.StreamAsync(owned.Client, c.Question, bound.Token).WaitAsync(CaseBound, TestContext.Current.CancellationToken);
            }
            else
            {
                response = await owned.Client.GetResponseAsync(TestClients.Ask(c.Question), cancellationToken: bound.Token).WaitAsync(CaseBound, TestContext.Current.CancellationToken);
                error = null;
            }
        }
        catch (Exception e)
        {
            error = e;
        }

        watch.Stop();
        var attempts = server.RequestLog.Entries.Count(e => e.Headers.TryGetValue(ExtraHeadersHandler.CaseHeader, out var v) && v == c.Marker);
        var detail = error switch
        {
            null when response is null => "no response",
            null when response!.Text == c.Answer && response.FinishReason == ChatFinishReason.Stop => "complete answer",
            null => $"INCOMPLETE: finish {response!.FinishReason}, text '{response.Text}'",
            ChatServiceException s => $"{(s.StatusCode is { } code ? ((int)code).ToString(CultureInfo.InvariantCulture) : "-")} {s.ErrorCode ?? s.ErrorType ?? ""} provider={s.ProviderName ?? "NONE"} retryable={s.IsRetryable}".Trim(),
            _ => error.GetType().Name + ": " + error.Message,
        };
        return new ActualOutcome(error?.GetType(), attempts, watch.ElapsedMilliseconds, partial.Length, detail);
    }

    private static int DelayMs(FaultCase c) => (c.Fault, c.Mode) switch
    {
        (EmulatorFaults.SlowFirstByte, FaultMode.WithinTimeout) => 300,
        (EmulatorFaults.SlowDrip, FaultMode.WithinTimeout) => 100,
        _ => 4000,
    };

    private static string? Check(FaultCase c, ExpectedOutcome expected, ActualOutcome actual)
    {
        if (actual.Error == typeof(TimeoutException))
        {
            return $"HUNG: no outcome within {CaseBound.TotalSeconds} s";
        }

        if (actual.Error != expected.Error)
        {
            return $"expected {expected.Describe()}, got {actual.Describe()} ({actual.Detail})";
        }

        if (actual.Attempts != expected.Attempts)
        {
            return $"expected {expected.Attempts} attempt(s), the emulator saw {actual.Attempts}";
        }

        if (expected.Error is null && actual.Detail != "complete answer")
        {
            return "a success that is not the complete answer: " + actual.Detail;
        }

        var provider = c.Dialect == Dialect.Perceptron ? "perceptron" : "jamai";
        if (expected.Error is not null && !actual.Detail.Contains("provider=" + provider, StringComparison.Ordinal))
        {
            return "the typed error does not name its provider: " + actual.Detail;
        }

        return null;
    }

    private static string Table(List<(FaultCase Case, ExpectedOutcome Expected, ActualOutcome Actual, string? Failure)> rows)
    {
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Fault matrix: request timeout {RequestTimeout.TotalMilliseconds} ms, Perceptron idle timeout {PerceptronIdleTimeout.TotalMilliseconds} ms (JamAI: its request timeout), {ExpectedOutcomes.MaxRetries} retries, MaxRetryAfter 20 ms (a longer Retry-After surfaces at once)")
            .AppendLine("| # | dialect | fault | mode | call | expected | actual | attempts | ms | partial chars | detail | why | ok |")
            .AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (c, expected, actual, failure) in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {c.Number} | {c.Dialect} | {c.Fault} | {c.Mode} | {c.Call} | {expected.Describe()} | {actual.Describe()} | {actual.Attempts}/{expected.Attempts} | {actual.ElapsedMs} | {actual.PartialChars} | {actual.Detail} | {expected.Why} | {(failure is null ? "yes" : "NO: " + failure)} |");
        }

        return text.ToString();
    }
}
