using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Connectors.Core;
using Connectors.Emulator;
using Connectors.Emulator.Faults;
using Connectors.JamAI;
using Connectors.Perceptron;
using Connectors.Reliability.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Connectors.Reliability.Tests.Secrets;

/// <summary>
/// Runs many scenarios (answers, every fault, client- and server-side validation errors, a wrong key, an
/// unreachable service, listings, both dialects) through MEAI logging at Trace (bodies logged) and OpenTelemetry
/// with sensitive data on, then scans every exception, log record, span, metric, the emulator's request log and
/// its log file, and the options' <c>ToString()</c> for the distinctive API keys used: none may appear.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class LeakScanTests(ITestOutputHelper output)
{
    private const string PerceptronKey = "pk-LEAKCHECK-7f3a9c21e0d84b6f";
    private const string JamAIKey = "jm-LEAKCHECK-b41d2e95c7a3f016";
    private const string WrongKey = "pk-LEAKCHECK-wrong-5e8d0c3a";
    private const string CrlfKey = "pk-LEAKCHECK-crlf-91b7d2aa\r\nX-Injected: yes";
    private const string Probe = "leak-probe";
    private const string SourceName = "Connectors.Reliability.LeakScan";

    private static readonly string[] Secrets = [PerceptronKey, JamAIKey, WrongKey, "pk-LEAKCHECK-crlf-91b7d2aa", "7f3a9c21e0d84b6f", "b41d2e95c7a3f016", "5e8d0c3a", "91b7d2aa"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task No_api_key_appears_in_exceptions_logs_telemetry_or_the_request_log()
    {
        var logFile = Path.Combine(Path.GetTempPath(), $"leak-scan-{Guid.NewGuid():N}.jsonl");
        var options = new EmulatorOptions { RateLimitPerMinute = 1_000_000, RequestLogPath = logFile };
        options.ApiKeys.Add(PerceptronKey);
        options.ApiKeys.Add(JamAIKey);
        await using var server = await EmulatorServer.StartAsync(options, Ct);

        var collector = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(collector)).SetMinimumLevel(LogLevel.Trace));
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(SourceName).AddInMemoryExporter(spans).Build();
        using var metering = Sdk.CreateMeterProviderBuilder().AddMeter(SourceName).AddInMemoryExporter(metrics).Build();

        var errors = new List<Exception>();
        var texts = new List<string>();
        var scenarios = 0;

        async Task RunAsync(IChatClient inner, Func<IChatClient, Task> call)
        {
            scenarios++;
            using var client = new ChatClientBuilder(inner)
                .UseLogging(loggerFactory)
                .UseOpenTelemetry(loggerFactory, SourceName, c => c.EnableSensitiveData = true)
                .Build();
            try
            {
                await call(client).WaitAsync(TimeSpan.FromSeconds(30), Ct);
            }
            catch (Exception e) when (e is not TimeoutException)
            {
                errors.Add(e);
            }
        }

        static async Task StreamAsync(IChatClient client, ChatOptions? chatOptions = null)
        {
            await foreach (var update in client.GetStreamingResponseAsync(TestClients.Ask($"{Probe}: how many foxes?"), chatOptions, Ct))
            {
                _ = update;
            }
        }

        static Task GetAsync(IChatClient client, ChatOptions? chatOptions = null) =>
            client.GetResponseAsync(TestClients.Ask($"{Probe}: how many foxes?"), chatOptions, Ct);

        var fast = new ChatResilienceOptions { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(1), MaxRetryAfter = TimeSpan.FromMilliseconds(10) };
        foreach (var dialect in new[] { Dialect.Perceptron, Dialect.JamAI })
        {
            var key = dialect == Dialect.Perceptron ? PerceptronKey : JamAIKey;
            ClientSettings Settings(params (string Name, string Value)[] headers) => new()
            {
                ApiKey = key,
                Resilience = fast,
                RequestTimeout = TimeSpan.FromSeconds(5),
                StreamIdleTimeout = TimeSpan.FromSeconds(5),
                Headers = headers.ToDictionary(h => h.Name, h => h.Value),
            };

            // Answers.
            foreach (var streaming in new[] { false, true })
            {
                using var owned = TestClients.Create(server, dialect, Settings(("x-scenario", "answer")));
                await RunAsync(owned.Client, c => streaming ? StreamAsync(c) : GetAsync(c));
            }

            // Every fault, streamed and not (slow ones kept short).
            foreach (var fault in EmulatorFaults.All)
            {
                foreach (var streaming in new[] { false, true })
                {
                    using var owned = TestClients.Create(server, dialect, Settings((EmulatorFaults.FaultHeader, fault), (EmulatorFaults.DelayHeader, "50")));
                    await RunAsync(owned.Client, c => streaming ? StreamAsync(c) : GetAsync(c));
                }
            }

            // Refused before sending, and refused by the service.
            using (var owned = TestClients.Create(server, dialect, Settings()))
            {
                await RunAsync(owned.Client, c => GetAsync(c, new ChatOptions { Temperature = -1 }));
                await RunAsync(owned.Client, c => c.GetResponseAsync([new ChatMessage(ChatRole.User, [new UriContent("ftp://example.com/a.png", "image/png")])], cancellationToken: Ct));
                await RunAsync(owned.Client, c => GetAsync(c, new ChatOptions { ModelId = "no-such-model" }));
                await RunAsync(owned.Client, c => StreamAsync(c, new ChatOptions { RawRepresentationFactory = _ => new JsonObject { ["temperature"] = null, ["messages"] = "not a list" } }));
            }

            // Listings, answered and failing.
            foreach (var fault in new string?[] { null, EmulatorFaults.Overloaded })
            {
                using var owned = TestClients.Create(server, dialect, fault is null ? Settings() : Settings((EmulatorFaults.FaultHeader, fault)));
                await RunAsync(owned.Client, _ => owned.Client is PerceptronChatClient p ? p.ListModelsAsync(Ct) : ((JamAIChatClient)owned.Client).ListModelsAsync(cancellationToken: Ct));
            }

            // A key the service does not know, and a service that is not there.
            using (var wrong = TestClients.Create(server, dialect, Settings() with { ApiKey = WrongKey, Headers = new Dictionary<string, string> { ["x-scenario"] = "wrong" } }))
            {
                await RunAsync(wrong.Client, c => GetAsync(c));
                await RunAsync(wrong.Client, c => StreamAsync(c));
            }

            using (var gone = TestClients.Create(dialect, ClosedPortEndpoint(dialect), Settings(), null))
            {
                await RunAsync(gone, c => GetAsync(c));
            }

            // Options and clients describe themselves without the key.
            using var described = TestClients.Create(server, dialect, Settings());
            texts.Add(described.Client.ToString() ?? "");
            texts.Add(described.Client.GetService(typeof(PerceptronClientOptions))?.ToString() ?? "");
            texts.Add(described.Client.GetService(typeof(JamAIClientOptions))?.ToString() ?? "");
            texts.Add(described.Client.GetService<ChatClientMetadata>()?.ProviderUri?.ToString() ?? "");
        }

        texts.Add(new PerceptronClientOptions { ApiKey = PerceptronKey }.ToString());
        texts.Add(new JamAIClientOptions { Token = JamAIKey }.ToString());

        // A key with a line break must neither leak nor smuggle a header.
        try
        {
            var crlf = TestClients.Create(server, Dialect.Perceptron, new ClientSettings { ApiKey = CrlfKey, Resilience = fast, Headers = new Dictionary<string, string> { ["x-scenario"] = "crlf" } });
            using (crlf)
            {
                await RunAsync(crlf.Client, c => GetAsync(c));
            }
        }
        catch (ArgumentException e)
        {
            errors.Add(e);
        }

        tracing.ForceFlush();
        metering.ForceFlush();

        texts.AddRange(errors.Select(Describe));
        var logs = collector.GetSnapshot();
        texts.AddRange(logs.Select(r => $"{r.Category} {r.Level} {r.Message} {r.Exception} {string.Join(';', r.StructuredState?.Select(kv => $"{kv.Key}={kv.Value}") ?? [])}"));
        texts.AddRange(spans.Select(Describe));
        texts.AddRange(metrics.Select(Describe));
        var requests = server.RequestLog.Entries;
        texts.AddRange(requests.Select(e => $"{e.Method} {e.Path}{e.Query} {string.Join(';', e.Headers.Select(h => $"{h.Key}: {h.Value}"))} {e.Body} {e.Fault} {e.StatusCode}"));
        await server.DisposeAsync();
        texts.Add(await File.ReadAllTextAsync(logFile, Ct));
        File.Delete(logFile);

        var corpus = string.Join('\n', texts);
        output.WriteLine($"{scenarios} scenarios, {errors.Count} exceptions, {logs.Count} log records, {spans.Count} spans, {metrics.Count} metrics, {requests.Count} emulator requests, {corpus.Length} characters scanned");

        output.WriteLine("exceptions: " + string.Join(", ", errors.GroupBy(e => e.GetType().Name).Select(g => $"{g.Key} ×{g.Count()}")));
        output.WriteLine("key with a line break: " + (errors.LastOrDefault() is { } last ? $"{last.GetType().Name}: {last.Message}" : "no error"));

        // The scan looked at real material: bodies at Trace, sensitive span data, both dialects, every error kind.
        Assert.Contains(logs, r => r.Level == LogLevel.Trace && r.Message.Contains(Probe, StringComparison.Ordinal));
        Assert.Contains(spans, s => Describe(s).Contains(Probe, StringComparison.Ordinal));
        Assert.Contains(requests, e => e.Headers.TryGetValue("Authorization", out var auth) && auth == "Bearer ***");
        Assert.Contains(errors, e => e is ChatAuthenticationException);
        Assert.Contains(errors, e => e is ChatInvalidRequestException);
        Assert.Contains(errors, e => e is ArgumentException);
        Assert.Contains(errors, e => e is ChatServiceException { StatusCode: null, IsRetryable: true });
        Assert.DoesNotContain(requests, e => e.Headers.ContainsKey("X-Injected"));

        foreach (var secret in Secrets)
        {
            var at = corpus.IndexOf(secret, StringComparison.Ordinal);
            Assert.True(at < 0, $"'{secret}' leaked: …{corpus.Substring(Math.Max(0, at - 200), Math.Min(400, corpus.Length - Math.Max(0, at - 200)))}…");
        }
    }

    private static Uri ClosedPortEndpoint(Dialect dialect)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/{(dialect == Dialect.Perceptron ? "v1" : "api")}");
    }

    private static string Describe(Exception e)
    {
        var text = new StringBuilder();
        for (var current = e; current is not null; current = current.InnerException)
        {
            text.AppendLine(current.ToString()).AppendLine(current.Message);
            foreach (System.Collections.DictionaryEntry entry in current.Data)
            {
                text.Append(entry.Key).Append('=').AppendLine(entry.Value?.ToString());
            }

            if (current is ChatServiceException s)
            {
                text.AppendLine($"{s.ErrorType} {s.ErrorCode} {s.Parameter} {s.RequestId} {s.RateLimit?.Limit} {s.RateLimit?.Remaining} {s.RateLimit?.Reset} {s.RateLimit?.Used}");
            }
        }

        return text.ToString();
    }

    private static string Describe(Activity span)
    {
        var text = new StringBuilder(span.DisplayName).Append(' ').Append(span.StatusDescription);
        foreach (var tag in span.TagObjects)
        {
            text.Append(' ').Append(tag.Key).Append('=').Append(tag.Value);
        }

        foreach (var e in span.Events)
        {
            text.Append(' ').Append(e.Name);
            foreach (var tag in e.Tags)
            {
                text.Append(' ').Append(tag.Key).Append('=').Append(tag.Value);
            }
        }

        foreach (var item in span.Baggage)
        {
            text.Append(' ').Append(item.Key).Append('=').Append(item.Value);
        }

        return text.ToString();
    }

    private static string Describe(Metric metric)
    {
        var text = new StringBuilder(metric.Name).Append(' ').Append(metric.Description);
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            foreach (var tag in point.Tags)
            {
                text.Append(' ').Append(tag.Key).Append('=').Append(tag.Value);
            }
        }

        return text.ToString();
    }
}
