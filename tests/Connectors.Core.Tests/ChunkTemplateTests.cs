using System.Text;
using System.Text.Json;
using Connectors.Core.Responses;
using Connectors.Core.Wire;

namespace Connectors.Core.Tests;

/// <summary>A chunk read through the stream's learnt envelope must be exactly the chunk a full read gives, or not be taken.</summary>
public class ChunkTemplateTests
{
    private const string Envelope = """{"id":"c1","object":"chat.completion.chunk","created":1790000000,"model":"m","choices":[{"index":0,"delta":{"content":"TEXT"},"finish_reason":null}]}""";

    [Fact]
    public void Text_in_the_learnt_envelope_is_taken_without_reading_the_json()
    {
        var template = Learnt(Envelope.Replace("TEXT", "Hello", StringComparison.Ordinal), out var learnt);

        Assert.True(template.TryMatch(Bytes(Envelope.Replace("TEXT", " wörld ✓", StringComparison.Ordinal)), out var delta));
        Assert.Equal(" wörld ✓", delta.Content);
        Assert.Null(delta.Reasoning);
        Assert.Same(learnt.Id, delta.Id);
        Assert.Same(learnt.Model, delta.Model);
        Assert.Equal(1790000000, delta.Created);
        Assert.True(delta.HasChoice);
        Assert.True(template.TryMatch(Bytes(Envelope.Replace("TEXT", "", StringComparison.Ordinal)), out delta));
        Assert.Equal("", delta.Content);
    }

    [Fact]
    public void Reasoning_text_keeps_its_kind()
    {
        const string reasoning = """{"id": "c1", "choices": [{"index": 0, "delta": {"reasoning_content": "TEXT"}}]}""";
        var template = Learnt(reasoning.Replace("TEXT", "Counting", StringComparison.Ordinal), out _);

        Assert.True(template.TryMatch(Bytes(reasoning.Replace("TEXT", " cars", StringComparison.Ordinal)), out var delta));
        Assert.Equal(" cars", delta.Reasoning);
        Assert.Null(delta.Content);
        Assert.False(template.TryMatch(Bytes("""{"id": "c1", "choices": [{"index": 0, "delta": {"content": " cars"}}]}"""), out _));
    }

    [Theory]
    [InlineData("""{"id":"c1","object":"chat.completion.chunk","created":1790000000,"model":"m","choices":[{"index":0,"delta":{"content":"a\"b"},"finish_reason":null}]}""")] // an escape
    [InlineData("""{"id":"c1","object":"chat.completion.chunk","created":1790000000,"model":"m","choices":[{"index":0,"delta":{"content":"a\nb"},"finish_reason":null}]}""")]
    [InlineData("""{"id":"c1","object":"chat.completion.chunk","created":1790000001,"model":"m","choices":[{"index":0,"delta":{"content":"x"},"finish_reason":null}]}""")] // another second
    [InlineData("""{"id":"c2","object":"chat.completion.chunk","created":1790000000,"model":"m","choices":[{"index":0,"delta":{"content":"x"},"finish_reason":null}]}""")] // another answer
    [InlineData("""{"id":"c1","object":"chat.completion.chunk","created":1790000000,"model":"m","choices":[{"index":0,"delta":{"content":"x"},"finish_reason":"stop"}]}""")]
    [InlineData("""{"id":"c1","object":"chat.completion.chunk","created":1790000000,"model":"m","choices":[{"index":0,"delta":{"content":"x","role":"assistant"},"finish_reason":null}]}""")]
    [InlineData("""{"id":"c1","object":"chat.completion.chunk","created":1790000000,"model":"m","choices":[{"index":0,"delta":{"content":"x"},"finish_reason":null}],"usage":null}""")]
    [InlineData("""{"id":"c1","object":"chat.completion.chunk","created":1790000000,"model":"m","choices":[{"index":0,"delta":{"content":"x"},"finish_reason":null}]} """)]
    [InlineData("""{"id":"c1","object":"chat.completion.chunk","created":1790000000,"model":"m","choices":[{"index":0,"delta":{"content":""" + "\"}")]
    public void Anything_but_new_plain_text_in_the_same_envelope_is_read_in_full(string json)
    {
        var template = Learnt(Envelope.Replace("TEXT", "Hello", StringComparison.Ordinal), out _);

        Assert.False(template.TryMatch(Bytes(json), out _));
    }

    [Fact]
    public void Raw_control_characters_and_invalid_utf8_are_left_to_the_reader_that_rejects_them()
    {
        var template = Learnt(Envelope.Replace("TEXT", "Hello", StringComparison.Ordinal), out _);
        var control = Bytes(Envelope.Replace("TEXT", "a\u0001b", StringComparison.Ordinal));
        var invalid = Bytes(Envelope.Replace("TEXT", "a\u00ffb", StringComparison.Ordinal));
        invalid[Array.IndexOf(invalid, (byte)0xC3)] = 0xFF; // "ÿ" was C3 BF: now FF BF, not UTF-8

        Assert.False(template.TryMatch(control, out _));
        Assert.False(template.TryMatch(invalid, out _));

        // Through the stream's parser the same events fail as they did before the envelope was learnt.
        var parser = new SseChunkParser();
        Assert.Equal(SseChunkKind.Delta, parser.ParseEvent("message", Bytes(Envelope.Replace("TEXT", "Hello", StringComparison.Ordinal))).Kind);
        Assert.Equal(SseChunkKind.Error, parser.ParseEvent("message", control).Kind);
        Assert.Equal(SseChunkKind.Error, parser.ParseEvent("message", invalid).Kind);
    }

    [Fact]
    public void A_chunk_that_is_not_plain_text_forgets_the_envelope()
    {
        var template = Learnt(Envelope.Replace("TEXT", "Hello", StringComparison.Ordinal), out _);
        var finish = Bytes("""{"id":"c1","object":"chat.completion.chunk","created":1790000000,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""");
        Assert.True(FastChunkReader.TryRead(finish, new SseChunkParser(), out var delta));

        template.Learn(finish, in delta);

        Assert.False(template.TryMatch(Bytes(Envelope.Replace("TEXT", "x", StringComparison.Ordinal)), out _));
    }

    /// <summary>
    /// A whole stream in the services' shapes (the Perceptron fixture's spacing, reasoning then text, escapes, a
    /// vendor field, an envelope that changes), each event parsed by the stream's parser and by a fresh one: the same.
    /// </summary>
    [Fact]
    public void A_stream_reads_the_same_as_every_chunk_read_alone()
    {
        string[] events =
        [
            """{"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1790000000, "model": "perceptron-mk1.5", "choices": [{"index": 0, "delta": {"role": "assistant", "reasoning_content": "Counting"}}]}""",
            """{"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1790000000, "model": "perceptron-mk1.5", "choices": [{"index": 0, "delta": {"reasoning_content": " cars"}}]}""",
            """{"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1790000000, "model": "perceptron-mk1.5", "choices": [{"index": 0, "delta": {"reasoning_content": " here"}}]}""",
            """{"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1790000000, "model": "perceptron-mk1.5", "choices": [{"index": 0, "delta": {"content": "There are "}}]}""",
            """{"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1790000000, "model": "perceptron-mk1.5", "choices": [{"index": 0, "delta": {"content": "3 \"cars\"\n"}}]}""",
            """{"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1790000000, "model": "perceptron-mk1.5", "choices": [{"index": 0, "delta": {"content": "<point> (1,2) </point>"}}]}""",
            """{"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1790000001, "model": "perceptron-mk1.5", "choices": [{"index": 0, "delta": {"content": " café"}}]}""",
            """{"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1790000001, "model": "perceptron-mk1.5", "system_fingerprint": "fp", "choices": [{"index": 0, "delta": {"content": "!"}}]}""",
            """{"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1790000001, "model": "perceptron-mk1.5", "choices": [{"index": 0, "delta": {"content": "?"}}]}""",
            """{"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1790000001, "model": "perceptron-mk1.5", "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}""",
            """{"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1790000001, "model": "perceptron-mk1.5", "choices": [], "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}}""",
        ];
        var stream = new SseChunkParser();
        foreach (var json in events)
        {
            var bytes = Bytes(json);
            Assert.Equal(Describe(new SseChunkParser(), bytes), Describe(stream, bytes));
        }
    }

    private static string Describe(SseChunkParser parser, byte[] json)
    {
        var chunk = parser.ParseEvent("message", json);
        if (chunk.Kind != SseChunkKind.Delta)
        {
            return $"{chunk.Kind}:{(chunk.Value is { } v ? JsonSerializer.Serialize(v, CoreJsonContext.Default.ChatCompletionResponse) : chunk.Error?.Message)}";
        }

        var d = parser.Delta;
        return $"{d.Id}|{d.Object}|{d.Model}|{d.Created}|{d.HasChoice}|{d.Role}|{d.Content}|{d.Reasoning}|{d.Refusal}|{d.FinishReason}|{d.ToolCalls?.Count}|{d.Usage?.TotalTokens}";
    }

    private static ChunkTemplate Learnt(string json, out StreamDelta delta)
    {
        var bytes = Bytes(json);
        Assert.True(FastChunkReader.TryRead(bytes, new SseChunkParser(), out delta));
        var template = new ChunkTemplate();
        template.Learn(bytes, in delta);
        return template;
    }

    private static byte[] Bytes(string json) => Encoding.UTF8.GetBytes(json);
}
