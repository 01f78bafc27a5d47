using System.Diagnostics;
using System.Text.Json;
using Connectors.Emulator.Rules;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Connectors.Conformance.Tests.Conformance;

/// <summary>The MEAI middleware a user stacks on a provider: distributed cache, logging, OpenTelemetry.</summary>
public abstract partial class ChatClientConformanceTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Distributed_cache_answers_the_second_call_with_an_identical_response(bool streaming)
    {
        var cache = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));
        using var client = CreateClient(Http).AsBuilder()
            .UseDistributedCache(cache, c => c.JsonSerializerOptions = ProviderJsonOptions)
            .Build();

        var (messages, options) = ProviderContentRequest();
        var first = await GetAsync(client, messages, options, streaming);
        var second = await GetAsync(client, messages, options, streaming);

        Assert.Single(Recorder.ChatBodies);
        AssertProviderContent(first);
        AssertProviderContent(second);
        Assert.Equal(JsonSerializer.Serialize(first, ProviderJsonOptions), JsonSerializer.Serialize(second, ProviderJsonOptions));
    }

    [Fact]
    public async Task Distributed_cache_without_the_provider_types_refuses_to_store_provider_content()
    {
        // AIJsonUtilities.DefaultOptions does not know the provider's AIContent types: the cache fails loudly
        // instead of storing a response that would come back without its grounding or references.
        var cache = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));
        using var client = CreateClient(Http).AsBuilder().UseDistributedCache(cache).Build();
        var (messages, options) = ProviderContentRequest();

        await Assert.ThrowsAnyAsync<NotSupportedException>(() => client.GetResponseAsync(messages, options, Ct));
    }

    [Fact]
    public async Task Logging_records_calls_and_content_without_the_secret()
    {
        When("log this", new RuleReply { Text = "Logged answer." });
        var collector = new FakeLogCollector();
        using var factory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(collector)).SetMinimumLevel(LogLevel.Trace));
        using var client = CreateClient(Http).AsBuilder().UseLogging(factory).Build();

        await client.GetResponseAsync(Ask("log this"), new ChatOptions { Temperature = 0.5f }, Ct);
        await client.GetStreamingResponseAsync(Ask("log this"), cancellationToken: Ct).ToChatResponseAsync(Ct);

        var records = collector.GetSnapshot();
        // At Trace level LoggingChatClient writes each call with its messages, options and answer.
        Assert.Contains(records, r => r.Message.StartsWith("GetResponseAsync invoked", StringComparison.Ordinal) && r.Message.Contains("\"temperature\": 0.5", StringComparison.Ordinal));
        Assert.Contains(records, r => r.Message.StartsWith("GetResponseAsync completed", StringComparison.Ordinal) && r.Message.Contains("Logged answer.", StringComparison.Ordinal));
        Assert.Contains(records, r => r.Message.StartsWith("GetStreamingResponseAsync received update", StringComparison.Ordinal));
        Assert.Contains(records, r => r.Message.StartsWith("GetStreamingResponseAsync completed", StringComparison.Ordinal));
        Assert.DoesNotContain(records, r => r.Message.Contains(Secret, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task OpenTelemetry_records_a_chat_span_and_metrics_with_server_address_and_model(bool streaming)
    {
        When("trace this", new RuleReply { Text = "Traced.", Usage = new RuleUsage { PromptTokens = 12, CompletionTokens = 4 } });
        var source = $"Conformance.{GetType().Name}.{Guid.NewGuid():N}";
        var spans = new List<Activity>();
        var metrics = new List<MetricSnapshot>();
        using (var tracing = Sdk.CreateTracerProviderBuilder().AddSource(source).AddInMemoryExporter(spans).Build())
        using (var metering = Sdk.CreateMeterProviderBuilder().AddMeter(source).AddInMemoryExporter(metrics).Build())
        {
            using var client = CreateClient(Http).AsBuilder().UseOpenTelemetry(sourceName: source).Build();
            await GetAsync(client, Ask("trace this"), null, streaming);
        } // disposing the providers exports once

        var span = Assert.Single(spans);
        Assert.Equal($"chat {DefaultModelId}", span.DisplayName);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal("chat", span.GetTagItem("gen_ai.operation.name"));
        Assert.Equal(ProviderName, span.GetTagItem("gen_ai.provider.name"));
        Assert.Equal(DefaultModelId, span.GetTagItem("gen_ai.request.model"));
        Assert.Equal(DefaultModelId, span.GetTagItem("gen_ai.response.model"));
        Assert.Equal("127.0.0.1", span.GetTagItem("server.address"));
        Assert.Equal(Server.BaseAddress.Port, span.GetTagItem("server.port"));
        Assert.Equal(12, Convert.ToInt32(span.GetTagItem("gen_ai.usage.input_tokens"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(4, Convert.ToInt32(span.GetTagItem("gen_ai.usage.output_tokens"), System.Globalization.CultureInfo.InvariantCulture));
        // MEAI writes the finish reasons as a JSON array in one string tag.
        Assert.Equal("""["stop"]""", span.GetTagItem("gen_ai.response.finish_reasons"));
        Assert.False(string.IsNullOrEmpty(span.GetTagItem("gen_ai.response.id") as string));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);

        var duration = Assert.Single(metrics, m => m.Name == "gen_ai.client.operation.duration");
        var durationTags = Tags(Assert.Single(Points(duration)));
        Assert.Equal("127.0.0.1", durationTags["server.address"]);
        Assert.Equal(DefaultModelId, durationTags["gen_ai.request.model"]);
        var tokens = Points(Assert.Single(metrics, m => m.Name == "gen_ai.client.token.usage"));
        Assert.Equal(
            [("input", 12L), ("output", 4L)],
            tokens.Select(p => ((string)Tags(p)["gen_ai.token.type"]!, p.GetHistogramSum() is var sum ? (long)sum : 0)).OrderBy(t => t.Item1));

        static IReadOnlyList<MetricPoint> Points(MetricSnapshot metric) => metric.MetricPoints;

        static Dictionary<string, object?> Tags(MetricPoint point)
        {
            var tags = new Dictionary<string, object?>();
            foreach (var tag in point.Tags)
            {
                tags[tag.Key] = tag.Value;
            }

            return tags;
        }
    }
}
