using System.Text.Json;
using Connectors.Core.Wire;

namespace Connectors.Core.Responses;

/// <summary>What one SSE event held.</summary>
internal enum SseChunkKind : byte
{
    /// <summary>A chunk in its common shape, read into <see cref="SseChunkParser.Delta"/>.</summary>
    Delta,

    /// <summary>Any other chunk, read by the serializer (<see cref="SseChunk.Value"/>).</summary>
    Value,

    /// <summary>The <c>[DONE]</c> terminator.</summary>
    Done,

    /// <summary>Data that would not parse (<see cref="SseChunk.Error"/>).</summary>
    Error,
}

/// <summary>
/// One SSE event's data. Kept to two fields: the SSE parser copies its item on every event, and a chunk in its
/// common shape stays in the parser (<see cref="SseChunkParser.Delta"/>) until the next event is read.
/// </summary>
internal readonly struct SseChunk(SseChunkKind kind, object? payload = null)
{
    public SseChunkKind Kind { get; } = kind;

    public ChatCompletionResponse? Value => payload as ChatCompletionResponse;

    public JsonException? Error => payload as JsonException;
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
    private readonly ChunkTemplate _template = new();

    /// <summary>The last event's chunk when it was read in its common shape; valid until the next event is parsed.</summary>
    internal StreamDelta Delta;

    /// <summary>Parses one event of this parser's stream.</summary>
    public SseChunk ParseEvent(string eventType, ReadOnlySpan<byte> data)
    {
        var trimmed = data.Trim(" \t\r\n"u8);
        if (trimmed.SequenceEqual("[DONE]"u8))
        {
            return new SseChunk(SseChunkKind.Done);
        }

        if (_template.TryMatch(trimmed, out Delta))
        {
            return new SseChunk(SseChunkKind.Delta);
        }

        if (FastChunkReader.TryRead(trimmed, this, out Delta))
        {
            _template.Learn(trimmed, in Delta);
            return new SseChunk(SseChunkKind.Delta);
        }

        try
        {
            var chunk = JsonSerializer.Deserialize(trimmed, CoreJsonContext.Default.ChatCompletionResponse);
            return chunk is null
                ? new SseChunk(SseChunkKind.Error, new JsonException("The event held JSON null."))
                : new SseChunk(SseChunkKind.Value, chunk);
        }
        catch (JsonException e)
        {
            return new SseChunk(SseChunkKind.Error, e);
        }
        catch (InvalidOperationException e)
        {
            // Strings holding invalid UTF-8.
            return new SseChunk(SseChunkKind.Error, new JsonException(e.Message, e));
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
