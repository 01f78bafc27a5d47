using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Connectors.Core.Profiles;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Moq;

namespace Connectors.Core.Tests;

/// <summary>The option table: each action, and the one order in which the three ways of setting a field combine.</summary>
public class OptionTableTests
{
    [Fact]
    public async Task A_standard_table_sends_each_typed_option_under_its_wire_name()
    {
        var body = await SendAsync(TestProfile.Create(), new ChatOptions
        {
            Temperature = 0.5f,
            TopP = 0.9f,
            TopK = 3,
            MaxOutputTokens = 7,
            Seed = 11,
            FrequencyPenalty = 0.1f,
            PresencePenalty = 0.2f,
            StopSequences = ["x"],
            ResponseFormat = ChatResponseFormat.Text,
            Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Low },
        });

        Assert.Equal(0.5, (double)body["temperature"]!, 3);
        Assert.Equal(3, (int)body["top_k"]!);
        Assert.Equal(7, (int)body["max_completion_tokens"]!);
        Assert.Equal(11, (long)body["seed"]!);
        Assert.Equal("x", (string?)body["stop"]![0]);
        Assert.Equal("text", (string?)body["response_format"]!["type"]);
        Assert.Equal("low", (string?)body["reasoning_effort"]);
    }

    [Fact]
    public async Task A_new_typed_option_is_one_row()
    {
        var profile = TestProfile.Create(StandardOptions.Temperature.Renamed("heat").Checked(static t => t <= 1, "Temperature must be at most 1 here."));

        var body = await SendAsync(profile, new ChatOptions { Temperature = 0.25f });
        Assert.Equal(0.25, (double)body["heat"]!, 3);
        Assert.Null(body["temperature"]);

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => SendAsync(profile, new ChatOptions { Temperature = 2 }));
        Assert.Contains("Temperature must be at most 1 here.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_option_fails_before_anything_is_sent()
    {
        var handler = new CapturingHandler();
        using var client = new EngineClient(handler, TestProfile.Create(StandardOptions.Seed.Refused("No seeds: remove ChatOptions.Seed.")));

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => client.GetResponseAsync("hi", new ChatOptions { Seed = 1 }));

        Assert.Equal("No seeds: remove ChatOptions.Seed.", error.Message);
        Assert.Null(handler.Body);
    }

    [Fact]
    public async Task A_dropped_option_is_not_sent_and_is_logged_at_debug_level()
    {
        var logger = new Mock<ILogger>();
        logger.Setup(l => l.IsEnabled(It.IsAny<LogLevel>())).Returns(true);
        var body = await SendAsync(TestProfile.Create(StandardOptions.TopK.Dropped("the service has no top_k")), new ChatOptions { TopK = 4 }, logger.Object);

        Assert.Null(body["top_k"]);
        logger.Verify(
            l => l.Log(LogLevel.Debug, It.IsAny<EventId>(), It.Is<It.IsAnyType>((state, _) => $"{state}".Contains("ChatOptions.TopK") && $"{state}".Contains("the service has no top_k")), null, It.IsAny<Func<It.IsAnyType, Exception?, string>>()),
            Times.Once);
    }

    [Fact]
    public async Task Channels_combine_in_one_order_typed_then_vendor_rows_then_other_keys_then_the_raw_request()
    {
        var profile = TestProfile.Create(
            StandardOptions.Effort,
            OptionRow.Vendor("reasoning_effort", static (value, _) => ((string)value).ToUpperInvariant()),
            StandardOptions.Temperature,
            OptionRow.Vendor("vendor_field"));
        var options = new ChatOptions
        {
            Reasoning = new ReasoningOptions { Effort = ReasoningEffort.High },
            Temperature = 0.5f,
            AdditionalProperties = new()
            {
                ["reasoning_effort"] = "minimal",   // a vendor row after the typed one: replaces its field
                ["temperature"] = 0.9,               // a field a row already wrote: not sent again
                ["vendor_field"] = new Dictionary<string, object?> { ["a"] = 1 },
                ["unknown"] = "passes through",      // no row reads it: a top-level field
                ["model"] = "not-this",              // the engine's own field, already set
            },
            RawRepresentationFactory = static _ => new JsonObject { ["unknown"] = "raw wins", ["raw_only"] = true },
        };

        var body = await SendAsync(profile, options);

        Assert.Equal("MINIMAL", (string?)body["reasoning_effort"]);
        Assert.Equal(0.5, (double)body["temperature"]!, 3);
        Assert.Equal(1, (int)body["vendor_field"]!["a"]!);
        Assert.Equal("raw wins", (string?)body["unknown"]);
        Assert.True((bool)body["raw_only"]!);
        Assert.Equal("m", (string?)body["model"]);
    }

    [Fact]
    public async Task Requiring_a_tool_call_without_tools_is_refused_and_tool_fields_need_tools()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => SendAsync(TestProfile.Create(), new ChatOptions { ToolMode = ChatToolMode.RequireAny }));
        Assert.Contains("ChatOptions.Tools is empty", error.Message, StringComparison.Ordinal);

        var body = await SendAsync(TestProfile.Create(), new ChatOptions { ToolMode = ChatToolMode.Auto, AllowMultipleToolCalls = true });
        Assert.Null(body["tool_choice"]);
        Assert.Null(body["parallel_tool_calls"]);

        body = await SendAsync(TestProfile.Create(), new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "one")], ToolMode = ChatToolMode.RequireSpecific("one") });
        Assert.Equal("one", (string?)body["tool_choice"]!["function"]!["name"]);
        Assert.Equal("one", (string?)body["tools"]![0]!["function"]!["name"]);
    }

    private static async Task<JsonNode> SendAsync(ChatServiceProfile profile, ChatOptions options, ILogger? logger = null)
    {
        var handler = new CapturingHandler();
        using var client = new EngineClient(handler, profile, logger);
        await client.GetResponseAsync("hi", options);
        return JsonNode.Parse(handler.Body!)!;
    }

    private sealed class CapturingHandler : HttpMessageHandler
    {
        public string? Body { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Body = await request.Content!.ReadAsStringAsync(cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("""{"id":"r","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}""", Encoding.UTF8, "application/json"),
            };
        }
    }
}
