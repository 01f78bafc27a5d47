using System.Text.Json;
using Connectors.Core.Wire;

namespace Connectors.Core.Responses;

/// <summary>One SSE event's data: a chunk, the <c>[DONE]</c> terminator, or data that would not parse.</summary>
internal readonly record struct SseChunk(ChatCompletionResponse? Value, bool IsDone, JsonException? Error);

/// <summary>Parses event data straight from the UTF-8 bytes, without an intermediate string.</summary>
internal static class SseChunkParser
{
    public static SseChunk Parse(string eventType, ReadOnlySpan<byte> data)
    {
        var trimmed = data.Trim(" \t\r\n"u8);
        if (trimmed.SequenceEqual("[DONE]"u8))
        {
            return new SseChunk(null, IsDone: true, null);
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
}
