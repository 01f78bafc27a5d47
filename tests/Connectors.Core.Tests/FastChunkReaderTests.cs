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
    [InlineData("""{"id":"c1","choices":[{"index":0,"delta":{"content":"caf\u00e9 \"q\"\n"},"logprobs":null,"finish_reason":null}]}""")]
    [InlineData("""{"id":"c1","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""")]
    [InlineData("""{"id":"c1","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7}}""")]
    [InlineData("""{"id":"c1","choices":null,"usage":null,"created":null,"model":null}""")]
    [InlineData("""{"id":"c1","system_fingerprint":"fp","x_vendor":{"a":[1,2]},"choices":[{"index":1,"message":{"role":"assistant","content":"hi","refusal":null}}]}""")]
    [InlineData("""{"choices":[{"index":0,"delta":{"reasoning_content":"think","tool_calls":[{"index":2,"id":"call_1","type":"function","function":{"name":"f","arguments":"{\"a\":"}}]}}]}""")]
    [InlineData("""{"choices":[{"index":0,"delta":{"tool_calls":[{"index":null,"function":{"arguments":"1}"}},{"id":"x","type":"other","function":null}]}}]}""")]
    [InlineData("""{"id":"a","id":"b","choices":[{"index":0,"delta":{"content":"x","content":"y"}}]}""")]
    public void Reads_what_the_serializer_reads(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var fast = FastChunkReader.TryRead(bytes, new SseChunkParser());
        var slow = JsonSerializer.Deserialize(bytes, CoreJsonContext.Default.ChatCompletionResponse);
        Assert.NotNull(fast);
        Assert.Equal(
            JsonSerializer.Serialize(slow, CoreJsonContext.Default.ChatCompletionResponse),
            JsonSerializer.Serialize(fast, CoreJsonContext.Default.ChatCompletionResponse));
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
    public void Declines_what_needs_the_serializer(string json) =>
        Assert.Null(FastChunkReader.TryRead(Encoding.UTF8.GetBytes(json), new SseChunkParser()));

    [Fact]
    public void Repeated_strings_of_one_stream_are_shared()
    {
        var parser = new SseChunkParser();
        var first = parser.ParseEvent("message", """{"id":"c1","object":"chat.completion.chunk","model":"m","choices":[]}"""u8).Value!;
        var second = parser.ParseEvent("message", """{"id":"c1","object":"chat.completion.chunk","model":"m","choices":[]}"""u8).Value!;
        Assert.Same(first.Id, second.Id);
        Assert.Same(first.Model, second.Model);
        Assert.Equal("c2", parser.ParseEvent("message", """{"id":"c2"}"""u8).Value!.Id);
        Assert.Equal("c2", parser.ParseEvent("message", """{"id":"c\u0032"}"""u8).Value!.Id);
        Assert.Equal("c3", parser.ParseEvent("message", """{"id":"c3"}"""u8).Value!.Id);
    }

    [Fact]
    public void An_escaped_property_name_is_read_by_the_serializer()
    {
        var chunk = SseChunkParser.Parse("message", """{"\u0069d":"c1","choices":[{"index":0,"delta":{"con\u0074ent":"x"}}]}"""u8);

        Assert.Equal("c1", chunk.Value!.Id);
        Assert.Equal("x", chunk.Value.Choices![0].Delta!.Content);
    }

    [Theory]
    [InlineData(120_000, 121_000, 1000)]
    [InlineData(400, 450, 50)]
    public void Idle_timer_never_fires_before_the_timeout(int idleMs, int windowMs, long rearmMs)
    {
        var (window, rearm) = ChatCompletionsEngine.IdleTimer(TimeSpan.FromMilliseconds(idleMs));
        Assert.Equal(TimeSpan.FromMilliseconds(windowMs), window);
        Assert.Equal(rearmMs, rearm);
    }
}
