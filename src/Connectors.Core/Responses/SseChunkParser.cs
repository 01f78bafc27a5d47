using System.Text.Json;
using Connectors.Core.Wire;

namespace Connectors.Core.Responses;

/// <summary>
/// One SSE event's data: a chunk in its common shape (<see cref="Delta"/>, when <see cref="IsDelta"/>), any other
/// chunk as read by the serializer (<see cref="Value"/>), the <c>[DONE]</c> terminator, or data that would not parse.
/// </summary>
internal readonly record struct SseChunk(ChatCompletionResponse? Value, bool IsDone, JsonException? Error)
{
    public StreamDelta Delta { get; init; }

    public bool IsDelta { get; init; }
}

/// <summary>
/// Parses event data straight from the UTF-8 bytes, without an intermediate string. One instance serves one
/// stream: plain text and tool-call chunks take a hand-written reader that reuses the stream's repeated
/// strings (id, object, model); anything else (errors, vendor fields, usage details) goes to the serializer.
/// </summary>
internal sealed class SseChunkParser
{
    private CachedString _id;
    private CachedString _object;
    private CachedString _model;

    /// <summary>Parses one event of this parser's stream.</summary>
    public SseChunk ParseEvent(string eventType, ReadOnlySpan<byte> data)
    {
        var trimmed = data.Trim(" \t\r\n"u8);
        if (trimmed.SequenceEqual("[DONE]"u8))
        {
            return new SseChunk(null, IsDone: true, null);
        }

        if (FastChunkReader.TryRead(trimmed, this, out var delta))
        {
            return new SseChunk(null, false, null) { Delta = delta, IsDelta = true };
        }

        try
        {
            var chunk = JsonSerializer.Deserialize(trimmed, CoreJsonContext.Default.ChatCompletionResponse);
            return chunk is null
                ? new SseChunk(null, false, new JsonException("The event held JSON null."))
                : new SseChunk(chunk, false, null);
        }
        catch (JsonException e)
        {
            return new SseChunk(null, false, e);
        }
        catch (InvalidOperationException e)
        {
            // Strings holding invalid UTF-8.
            return new SseChunk(null, false, new JsonException(e.Message, e));
        }
    }

    internal string? Id(ref Utf8JsonReader reader) => Cached(ref reader, ref _id);

    internal string? Object(ref Utf8JsonReader reader) => Cached(ref reader, ref _object);

    internal string? Model(ref Utf8JsonReader reader) => Cached(ref reader, ref _model);

    private static string? Cached(ref Utf8JsonReader reader, ref CachedString last)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        // Compared as bytes: comparing with the string would transcode it to UTF-8 for every chunk.
        if (last.Utf8 is { } bytes && !reader.ValueIsEscaped && reader.ValueSpan.SequenceEqual(bytes))
        {
            return last.Value;
        }

        var value = reader.GetString()!;
        last = new CachedString(value, reader.ValueIsEscaped ? null : reader.ValueSpan.ToArray());
        return value;
    }

    /// <summary>A string the stream repeats, with the UTF-8 bytes it was read from.</summary>
    private readonly record struct CachedString(string? Value, byte[]? Utf8);
}
