using System.Net;
using System.Net.Http.Headers;
using Connectors.Core.Errors;
using Connectors.Core.Responses;
using Connectors.Core.Wire;
using Microsoft.Extensions.AI;

namespace Connectors.Core.Tests;

/// <summary>What a broken or hostile server sends must end in typed errors, with no secret left in any property.</summary>
public class HostileReplyTests
{
    private const string Key = "sk-live-0123456789abcdefghijklmnopqrstuvwxyz";

    private static string Redact(string text) => text.Replace(Key, "***", StringComparison.Ordinal);

    private static HttpResponseHeaders Headers(params (string Name, string Value)[] values)
    {
        var message = new HttpResponseMessage();
        foreach (var (name, value) in values)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return message.Headers;
    }

    [Theory]
    [InlineData("99999999999999")]
    [InlineData("1e300")]
    [InlineData("Infinity")]
    public void A_huge_retry_after_reads_as_too_lengthynot_as_an_overflow(string value)
    {
        var error = ErrorFactory.FromResponse("p", HttpStatusCode.TooManyRequests, Headers(("Retry-After", value)), "{}", Redact);

        Assert.IsType<ChatRateLimitException>(error);
        Assert.Equal(TimeSpan.MaxValue, error.RetryAfter);
    }

    [Fact]
    public void An_echoed_key_is_redacted_in_every_property_even_where_the_message_is_cut()
    {
        // The key straddles the 2,000-character cut: redacting after truncation would leave its start visible.
        var body = $$"""{"error":{"message":"{{new string('x', 1990)}} {{Key}}","type":"{{Key}}","code":"{{Key}}","param":"{{Key}}"},"request_id":"{{Key}}"}""";

        var error = ErrorFactory.FromResponse("p", HttpStatusCode.BadRequest, Headers(("X-RateLimit-Reset", Key)), body, Redact);

        var everything = string.Join("|", error.ToString(), error.Message, error.ErrorType, error.ErrorCode, error.Parameter, error.RequestId, error.RateLimit?.Reset);
        Assert.DoesNotContain(Key[..12], everything, StringComparison.Ordinal);
        Assert.Equal("***", error.ErrorCode);
    }

    [Fact]
    public void Tool_call_fragments_are_joined_by_index_in_constant_time()
    {
        // 256 calls of 400 fragments each, interleaved: a scan per fragment would make this quadratic.
        var accumulator = new ToolCallAccumulator();
        for (var f = 0; f < 400; f++)
        {
            for (var i = 0; i < ToolCallAccumulator.MaxCalls; i++)
            {
                accumulator.Add(new WireToolCall { Index = i, Id = f == 0 ? $"c{i}" : null, Function = new WireFunctionCall { Name = f == 0 ? "f" : null, Arguments = f == 0 ? "{\"a\":\"" : f == 399 ? "\"}" : "x" } });
            }
        }

        var calls = accumulator.Build().Cast<FunctionCallContent>().ToList();
        Assert.Equal(ToolCallAccumulator.MaxCalls, calls.Count);
        Assert.Equal(new string('x', 398), calls[7].Arguments!["a"]!.ToString());
    }

    [Fact]
    public void Too_many_tool_calls_or_too_lengthyarguments_are_refused_while_reading()
    {
        var many = new ToolCallAccumulator();
        for (var i = 0; i < ToolCallAccumulator.MaxCalls; i++)
        {
            many.Add(new WireToolCall { Index = i, Id = $"c{i}", Function = new WireFunctionCall { Name = "f", Arguments = "{}" } });
        }

        Assert.Throws<InvalidDataException>(() => many.Add(new WireToolCall { Index = ToolCallAccumulator.MaxCalls, Id = "extra", Function = new WireFunctionCall { Name = "f" } }));

        var lengthy = new ToolCallAccumulator();
        var chunk = new string('x', 64 * 1024);
        Assert.Throws<InvalidDataException>(() =>
        {
            for (var i = 0; i <= ToolCallAccumulator.MaxArgumentLength / chunk.Length; i++)
            {
                lengthy.Add(new WireToolCall { Index = 0, Function = new WireFunctionCall { Arguments = chunk } });
            }
        });
    }
}
