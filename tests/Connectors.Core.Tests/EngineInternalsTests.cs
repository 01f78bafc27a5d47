using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Connectors.Core.Errors;
using Connectors.Core.Requests;
using Connectors.Core.Responses;
using Connectors.Core.Wire;
using Microsoft.Extensions.AI;

namespace Connectors.Core.Tests;

public class ErrorFactoryTests
{
    private static HttpResponseHeaders Headers(params (string Name, string Value)[] values)
    {
        var message = new HttpResponseMessage();
        foreach (var (name, value) in values)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return message.Headers;
    }

    [Fact]
    public void JamAI_422_lists_each_field_and_carries_the_request_id_and_rate_limits()
    {
        const string body = """
            {"object":"error","error":"validation_error","message":"Validation failed","detail":[{"loc":["body","messages",0,"role"],"msg":"Input should be 'system', 'user' or 'assistant'"},{"loc":["body","stop"],"msg":"Input should be a valid list"}],"request_id":"req-1"}
            """;
        var error = ErrorFactory.FromResponse("jamai", HttpStatusCode.UnprocessableEntity, Headers(("X-RateLimit-Limit", "100"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Used", "100"), ("X-RateLimit-Reset", "12")), body, static s => s);

        Assert.IsType<ChatInvalidRequestException>(error);
        Assert.Equal("validation_error", error.ErrorCode);
        Assert.Equal("req-1", error.RequestId);
        Assert.Contains("messages[0].role: Input should be", error.Message, StringComparison.Ordinal);
        Assert.Contains("; stop: Input should be a valid list", error.Message, StringComparison.Ordinal);
        Assert.Equal((100L, 0L, "12", 100L), (error.RateLimit!.Limit, error.RateLimit.Remaining, error.RateLimit.Reset, error.RateLimit.Used));
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, "insufficient_credits", typeof(ChatQuotaExceededException), false)]
    [InlineData(HttpStatusCode.Forbidden, "forbidden", typeof(ChatAuthenticationException), false)]
    [InlineData(HttpStatusCode.ServiceUnavailable, "busy", typeof(ChatServerException), true)]
    [InlineData(HttpStatusCode.NotFound, "resource_not_found", typeof(ChatInvalidRequestException), false)]
    [InlineData(HttpStatusCode.TooManyRequests, "rate_limit_exceeded", typeof(ChatRateLimitException), true)]
    public void JamAI_codes_map_to_types(HttpStatusCode status, string code, Type type, bool retryable)
    {
        var error = ErrorFactory.FromResponse("jamai", status, Headers(("Retry-After", "30")), $$"""{"object":"error","error":"{{code}}","message":"m"}""", static s => s);
        Assert.IsType(type, error);
        Assert.Equal(retryable, error.IsRetryable);
        Assert.Equal(code, error.ErrorCode);
    }

    [Fact]
    public void Fractional_retry_after_is_read()
    {
        Assert.Equal(TimeSpan.FromSeconds(1.5), ErrorFactory.ReadRetryAfter(Headers(("Retry-After", "1.5"))));
    }

    [Fact]
    public void Empty_and_non_json_bodies_still_describe_the_status()
    {
        var error = ErrorFactory.FromResponse("perceptron", HttpStatusCode.BadGateway, Headers(), "", static s => s);
        Assert.Contains("HTTP 502", error.Message, StringComparison.Ordinal);
        Assert.True(error.IsRetryable);
    }
}

public class ToolCallAccumulatorTests
{
    [Fact]
    public void Fragments_without_index_are_joined_by_id()
    {
        var accumulator = new ToolCallAccumulator();
        accumulator.Add(new WireToolCall { Id = "a", Function = new WireFunctionCall { Name = "f", Arguments = "{\"x\":" } });
        accumulator.Add(new WireToolCall { Function = new WireFunctionCall { Arguments = "1}" } });
        accumulator.Add(new WireToolCall { Id = "b", Function = new WireFunctionCall { Name = "g", Arguments = "{}" } });
        accumulator.Add(new WireToolCall { Id = "b", Function = new WireFunctionCall { Arguments = "" } });

        var calls = accumulator.Build().Cast<FunctionCallContent>().ToList();

        Assert.Equal(["a", "b"], calls.Select(c => c.CallId));
        Assert.Equal("1", calls[0].Arguments!["x"]!.ToString());
        Assert.Equal("g", calls[1].Name);
    }
}

public class WireWritingTests
{
    [Fact]
    public void Sse_chunk_parser_recognises_done_and_bad_json()
    {
        var parser = new SseChunkParser();
        Assert.Equal(SseChunkKind.Done, parser.ParseEvent("message", "[DONE]"u8).Kind);
        Assert.NotNull(parser.ParseEvent("message", "{not json"u8).Error);
        Assert.Equal("x", DeltaOf(parser, """{"id":"x"}"""u8).Id);
        Assert.Equal("y", parser.ParseEvent("message", """{"id":"y","x_vendor":1}"""u8).Value!.Id);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(49_151)]
    [InlineData(49_152)]
    [InlineData(200_000)]
    public void Image_bytes_are_written_as_one_exact_data_url(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        var part = new WireContentPart { Type = "image_url", ImageUrl = new WireImageUrl { Data = bytes, MediaType = "image/png" } };

        var json = JsonSerializer.Serialize(part, CoreJsonContext.Wire.WireContentPart);

        using var document = JsonDocument.Parse(json);
        Assert.Equal("data:image/png;base64," + Convert.ToBase64String(bytes), document.RootElement.GetProperty("image_url").GetProperty("url").GetString());
        Assert.Equal(document.RootElement.GetProperty("image_url").GetProperty("url").GetString()!.Length, part.ImageUrl.WireLength);
    }

    [Fact]
    public void Other_values_go_through_the_MEAI_json_options()
    {
        var element = JsonValueWriter.ToElement(new Dictionary<string, object?> { ["when"] = TimeSpan.FromSeconds(90), ["uri"] = new Uri("https://x.test/a") }, "custom");
        Assert.Equal("""{"when":"00:01:30","uri":"https://x.test/a"}""", element.GetRawText());
    }

    [Fact]
    public void Estimated_size_counts_images_by_their_base64_length()
    {
        var request = new ChatCompletionRequest();
        request.Messages.Add(new WireMessage
        {
            Role = "user",
            Content = new WireMessageContent([new WireContentPart { Type = "image_url", ImageUrl = new WireImageUrl { Data = new byte[3_000_000], MediaType = "image/png" } }]),
        });
        var estimate = RequestBuilder.EstimateBytes(request);
        Assert.InRange(estimate, 4_000_000, 4_010_000);
    }

    /// <summary>Parses an event that must take the common-shape path, and returns the chunk it left in the parser.</summary>
    private static StreamDelta DeltaOf(SseChunkParser parser, ReadOnlySpan<byte> data)
    {
        Assert.Equal(SseChunkKind.Delta, parser.ParseEvent("message", data).Kind);
        return parser.Delta;
    }
}
