using System.Text;
using System.Text.Json;
using Connectors.Core.Responses;
using Connectors.Core.Wire;

namespace Connectors.Core.Tests;

/// <summary>The hand-written chunk reader must give exactly what the serializer gives, or decline.</summary>
public class FastChunkReaderTests
{
    [Theory]
    [InlineData("""{"id":"c1","object":"chat.completion.chunk","created":1700000000,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""")]
    [InlineData("""{"id":"c1","choices":[{"index":0,"delta":{"content":"caf\u00e9 \"q\"\n"},"finish_reason":null}]}""")]
    [InlineData("""{"id":"c1","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""")]
    [InlineData("""{"id":"c1","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7}}""")]
    [InlineData("""{"id":"c1","choices":null,"usage":null,"created":null,"model":null}""")]
    [InlineData("""{"id":"c1","choices":[{"index":0,"delta":{"refusal":"no"}}]}""")]
    [InlineData("""{"choices":[{"index":0,"delta":{"reasoning_content":"think","tool_calls":[{"index":2,"id":"call_1","type":"function","function":{"name":"f","arguments":"{\"a\":"}}]}}]}""")]
    [InlineData("""{"choices":[{"index":0,"delta":{"tool_calls":[{"index":null,"function":{"arguments":"1}"}},{"id":"x","type":"other","function":null}]}}]}""")]
    [InlineData("""{"id":"a","id":"b","choices":[{"index":0,"delta":{"content":"x","content":"y"}}]}""")]
    public void Maps_to_the_update_the_serializer_path_maps_to(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        Assert.True(FastChunkReader.TryRead(bytes, new SseChunkParser(), out var delta));

        Assert.Equal(ViaSerializer(bytes), Describe(static (b, d) => b.FromDelta(d), delta));
    }

    [Theory]
    [InlineData("""{"error":{"message":"boom"}}""")]
    [InlineData("""{"id":"c1","usage":{"prompt_tokens":1,"prompt_tokens_details":{"cached_tokens":1}}}""")]
    [InlineData("""{"id":1}""")]
    [InlineData("""{"choices":[{"index":"0"}]}""")]
    [InlineData("""{"id":"c1"} trailing""")]
    [InlineData("""{"id":"c1",}""")]
    [InlineData("""null""")]
    [InlineData("""{not json""")]
    [InlineData("""{"\u0069d":"c1","choices":[]}""")]
    [InlineData("""{"choices":[{"index":0,"delta":{"con\u0074ent":"x"}}]}""")]
    [InlineData("""{"id":"c1","system_fingerprint":"fp","choices":[]}""")]
    [InlineData("""{"id":"c1","choices":[{"index":0,"delta":{"content":"x"},"logprobs":null}]}""")]
    [InlineData("""{"id":"c1","choices":[{"index":1,"delta":{"content":"x"}}]}""")]
    [InlineData("""{"id":"c1","choices":[{"index":0,"delta":{"content":"x"}},{"index":0,"delta":{"content":"y"}}]}""")]
    [InlineData("""{"id":"c1","choices":[{"index":0,"message":{"content":"x"}}]}""")]
    [InlineData("""{"id":"c1","choices":[{"index":0,"delta":{"content":"x","audio":{"id":"a"}}}]}""")]
    [InlineData("""{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"name":"f","strict":true}}]}}]}""")]
    public void Declines_what_needs_the_serializer(string json) =>
        Assert.False(FastChunkReader.TryRead(Encoding.UTF8.GetBytes(json), new SseChunkParser(), out _));

    /// <summary>
    /// Every property of the streamed wire types, set in a chunk of its own: the reader either maps it as the
    /// serializer path does or declines, so a field added to the wire types is never lost when streamed.
    /// </summary>
    [Fact]
    public void Every_wire_property_survives_streaming()
    {
        var checkedCount = 0;
        foreach (var (path, value) in WireProperties())
        {
            var json = path switch
            {
                ["chunk", var name] => "{\"id\":\"c1\"," + Field(name, value) + ",\"choices\":[]}",
                ["choice", var name] => "{\"id\":\"c1\",\"choices\":[{\"index\":0," + Field(name, value) + "}]}",
                ["delta", var name] => "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{" + Field(name, value) + "}}]}",
                ["call", var name] => "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{" + Field(name, value) + "}]}}]}",
                ["function", var name] => "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{" + Field(name, value) + "}}]}}]}",
                ["usage", var name] => "{\"id\":\"c1\",\"choices\":[],\"usage\":{" + Field(name, value) + "}}",
                _ => throw new InvalidOperationException(string.Join('.', path)),
            };
            var bytes = Encoding.UTF8.GetBytes(json);
            if (FastChunkReader.TryRead(bytes, new SseChunkParser(), out var delta))
            {
                Assert.True(ViaSerializer(bytes) == Describe(static (b, d) => b.FromDelta(d), delta), $"{string.Join('.', path)} is read differently: {json}");
            }

            checkedCount++;
        }

        Assert.True(checkedCount > 20, $"only {checkedCount} wire properties were found");

        static string Field(string name, string value) => $"\"{name}\":{value}";
    }

    private static IEnumerable<(string[] Path, string Value)> WireProperties()
    {
        var types = new (string Where, Type Type)[]
        {
            ("chunk", typeof(ChatCompletionResponse)), ("choice", typeof(WireChoice)), ("delta", typeof(WireResponseMessage)),
            ("call", typeof(WireToolCall)), ("function", typeof(WireFunctionCall)), ("usage", typeof(WireUsage)),
        };
        foreach (var (where, type) in types)
        {
            foreach (var property in type.GetProperties())
            {
                if (property.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonPropertyNameAttribute), false) is [System.Text.Json.Serialization.JsonPropertyNameAttribute name])
                {
                    var t = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                    var value = t == typeof(string) ? "\"v\"" : t == typeof(int) || t == typeof(long) ? "1" : t == typeof(bool) ? "true" : t.IsArray || t.IsGenericType ? "[]" : "{}";
                    yield return ([where, name.Name], value);
                }
            }
        }
    }

    private static string ViaSerializer(byte[] json)
    {
        var wire = JsonSerializer.Deserialize(json, CoreJsonContext.Default.ChatCompletionResponse)!;
        return Describe(static (b, w) => b.FromChunk(w, []), wire);
    }

    /// <summary>What a caller sees of one chunk: the update, and what the stream's closing update then holds.</summary>
    private static string Describe<T>(Func<StreamingUpdateBuilder, T, Microsoft.Extensions.AI.ChatResponseUpdate> map, T chunk)
    {
        var builder = new StreamingUpdateBuilder();
        var update = map(builder, chunk);
        var last = builder.Complete();
        var id = builder.IsPreamble ? "preamble" : update.ResponseId is { Length: 41 } generated && generated.StartsWith("chatcmpl-", StringComparison.Ordinal) ? "generated" : update.ResponseId;
        return $"{id}|{update.Role}|{update.ModelId}|{update.CreatedAt}|{update.FinishReason}|"
            + string.Join(",", update.Contents.Select(Content)) + "||" + string.Join(",", last.Contents.Select(Content));

        static string Content(Microsoft.Extensions.AI.AIContent c) => c switch
        {
            Microsoft.Extensions.AI.TextContent t => $"text:{t.Text}:{t.AdditionalProperties?.Count}",
            Microsoft.Extensions.AI.TextReasoningContent r => $"reasoning:{r.Text}",
            Microsoft.Extensions.AI.FunctionCallContent f => $"call:{f.Name}:{(f.CallId.StartsWith("call_", StringComparison.Ordinal) && f.CallId.Length > 30 ? "generated" : f.CallId)}:{JsonSerializer.Serialize(f.Arguments, CoreJsonContext.Compact)}",
            Microsoft.Extensions.AI.UsageContent u => $"usage:{u.Details.InputTokenCount}/{u.Details.OutputTokenCount}/{u.Details.TotalTokenCount}",
            _ => c.GetType().Name,
        };
    }

    [Fact]
    public void Repeated_strings_of_one_stream_are_shared()
    {
        var parser = new SseChunkParser();
        var first = DeltaOf(parser, """{"id":"c1","object":"chat.completion.chunk","model":"m","choices":[]}"""u8);
        var second = DeltaOf(parser, """{"id":"c1","object":"chat.completion.chunk","model":"m","choices":[]}"""u8);
        Assert.Same(first.Id, second.Id);
        Assert.Same(first.Model, second.Model);
        Assert.Equal("c2", DeltaOf(parser, """{"id":"c2"}"""u8).Id);
        Assert.Equal("c2", DeltaOf(parser, """{"id":"c\u0032"}"""u8).Id);
        Assert.Equal("c3", DeltaOf(parser, """{"id":"c3"}"""u8).Id);
    }

    [Fact]
    public void An_escaped_property_name_is_read_by_the_serializer()
    {
        var chunk = new SseChunkParser().ParseEvent("message", """{"\u0069d":"c1","choices":[{"index":0,"delta":{"con\u0074ent":"x"}}]}"""u8);

        Assert.Equal("c1", chunk.Value!.Id);
        Assert.Equal("x", chunk.Value.Choices![0].Delta!.Content);
    }

    [Theory]
    [InlineData(120_000, 1000)]
    [InlineData(400, 25)]
    public void The_idle_watchdog_ticks_a_sixteenth_of_the_timeout_at_most_a_second(int idleMs, int tickMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(tickMs), Connectors.Core.Http.CallDeadline.IdleTick(TimeSpan.FromMilliseconds(idleMs)));

    /// <summary>Parses an event that must take the common-shape path, and returns the chunk it left in the parser.</summary>
    private static StreamDelta DeltaOf(SseChunkParser parser, ReadOnlySpan<byte> data)
    {
        Assert.Equal(SseChunkKind.Delta, parser.ParseEvent("message", data).Kind);
        return parser.Delta;
    }
}
