using System.Text.Json;
using Connectors.Core.Wire;

namespace Connectors.Core.Responses;

/// <summary>
/// Reads the common streamed chunk (id, object, created, model, at most one choice of index 0 with a text,
/// reasoning or tool-call delta, plain usage) with a <see cref="Utf8JsonReader"/> straight into a
/// <see cref="StreamDelta"/>, with no wire objects in between. It declines (returns false) at the first thing
/// outside that shape, any property it does not know included, so the serializer reads that chunk with its full
/// rules and every field of the wire types: <c>error</c>, vendor fields, usage details, further choices, bad JSON.
/// </summary>
/// <remarks>
/// Why: a stream has thousands of chunks, and the serializer's objects per chunk (the chunk, its choice list, the
/// choice, the delta, a stack per nested object) cost more than the update MEAI needs.
/// </remarks>
internal static class FastChunkReader
{
    public static bool TryRead(ReadOnlySpan<byte> json, SseChunkParser strings, out StreamDelta delta)
    {
        delta = default;
        try
        {
            var reader = new Utf8JsonReader(json);
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject
                && ReadChunk(ref reader, strings, ref delta)
                && !reader.Read(); // trailing content: let the serializer report it
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false; // a token of an unexpected type
        }
    }

    private static bool ReadChunk(ref Utf8JsonReader reader, SseChunkParser strings, ref StreamDelta delta)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!TryName(ref reader, out var name))
            {
                return false;
            }

            if (name.SequenceEqual("id"u8))
            {
                if (!ReadStringToken(ref reader))
                {
                    return false;
                }

                delta.Id = strings.Id(ref reader);
            }
            else if (name.SequenceEqual("object"u8))
            {
                if (!ReadStringToken(ref reader))
                {
                    return false;
                }

                delta.Object = strings.Object(ref reader);
            }
            else if (name.SequenceEqual("model"u8))
            {
                if (!ReadStringToken(ref reader))
                {
                    return false;
                }

                delta.Model = strings.Model(ref reader);
            }
            else if (name.SequenceEqual("created"u8))
            {
                if (!ReadNullableInt64(ref reader, out var created))
                {
                    return false;
                }

                delta.Created = created;
            }
            else if (name.SequenceEqual("choices"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Null && (reader.TokenType != JsonTokenType.StartArray || !ReadChoices(ref reader, ref delta)))
                {
                    return false;
                }
            }
            else if (name.SequenceEqual("usage"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null)
                {
                    delta.Usage = null;
                }
                else if (reader.TokenType != JsonTokenType.StartObject || ReadUsage(ref reader) is not { } usage)
                {
                    return false;
                }
                else
                {
                    delta.Usage = usage;
                }
            }
            else
            {
                return false; // error, system_fingerprint, vendor fields: the serializer keeps them
            }
        }

        return reader.TokenType == JsonTokenType.EndObject;
    }

    private static bool ReadChoices(ref Utf8JsonReader reader, ref StreamDelta delta)
    {
        // One choice a chunk unless n > 1; further choices take the serializer's path.
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (delta.HasChoice || reader.TokenType != JsonTokenType.StartObject || !ReadChoice(ref reader, ref delta))
            {
                return false;
            }

            delta.HasChoice = true;
        }

        return true;
    }

    private static bool ReadChoice(ref Utf8JsonReader reader, ref StreamDelta delta)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!TryName(ref reader, out var name))
            {
                return false;
            }

            if (name.SequenceEqual("index"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var index) || index != 0)
                {
                    return false;
                }
            }
            else if (name.SequenceEqual("delta"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Null && (reader.TokenType != JsonTokenType.StartObject || !ReadDelta(ref reader, ref delta)))
                {
                    return false;
                }
            }
            else if (name.SequenceEqual("finish_reason"u8))
            {
                if (!ReadStringToken(ref reader))
                {
                    return false;
                }

                delta.FinishReason = reader.GetString();
            }
            else
            {
                return false; // message, logprobs and anything newer: the serializer's path
            }
        }

        return reader.TokenType == JsonTokenType.EndObject;
    }

    private static bool ReadDelta(ref Utf8JsonReader reader, ref StreamDelta delta)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!TryName(ref reader, out var name))
            {
                return false;
            }

            if (name.SequenceEqual("content"u8))
            {
                if (!ReadStringToken(ref reader))
                {
                    return false;
                }

                delta.Content = reader.GetString();
                delta.MarkText(ref reader);
            }
            else if (name.SequenceEqual("role"u8))
            {
                if (!ReadStringToken(ref reader))
                {
                    return false;
                }

                delta.Role = reader.TokenType == JsonTokenType.Null ? null
                    : reader.ValueTextEquals("assistant"u8) ? "assistant"
                    : reader.GetString();
            }
            else if (name.SequenceEqual("reasoning_content"u8))
            {
                if (!ReadStringToken(ref reader))
                {
                    return false;
                }

                delta.Reasoning = reader.GetString();
                delta.MarkText(ref reader);
            }
            else if (name.SequenceEqual("refusal"u8))
            {
                if (!ReadStringToken(ref reader))
                {
                    return false;
                }

                delta.Refusal = reader.GetString();
            }
            else if (name.SequenceEqual("tool_calls"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null)
                {
                    delta.ToolCalls = null;
                }
                else if (reader.TokenType != JsonTokenType.StartArray || ReadToolCalls(ref reader) is not { } calls)
                {
                    return false;
                }
                else
                {
                    delta.ToolCalls = calls;
                }
            }
            else
            {
                return false;
            }
        }

        return reader.TokenType == JsonTokenType.EndObject;
    }

    private static List<WireToolCall>? ReadToolCalls(ref Utf8JsonReader reader)
    {
        var calls = new List<WireToolCall>(1);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            var call = new WireToolCall();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!TryName(ref reader, out var name))
                {
                    return null;
                }

                if (name.SequenceEqual("index"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Null)
                    {
                        call.Index = null;
                    }
                    else if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var index))
                    {
                        call.Index = index;
                    }
                    else
                    {
                        return null;
                    }
                }
                else if (name.SequenceEqual("id"u8))
                {
                    if (!ReadStringToken(ref reader))
                    {
                        return null;
                    }

                    call.Id = reader.GetString();
                }
                else if (name.SequenceEqual("type"u8))
                {
                    if (!ReadStringToken(ref reader))
                    {
                        return null;
                    }

                    call.Type = reader.TokenType == JsonTokenType.Null ? null
                        : reader.ValueTextEquals("function"u8) ? "function"
                        : reader.GetString();
                }
                else if (name.SequenceEqual("function"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Null)
                    {
                        call.Function = null;
                    }
                    else if (reader.TokenType != JsonTokenType.StartObject || ReadFunction(ref reader) is not { } function)
                    {
                        return null;
                    }
                    else
                    {
                        call.Function = function;
                    }
                }
                else
                {
                    return null;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject)
            {
                return null;
            }

            calls.Add(call);
        }

        return calls;
    }

    private static WireFunctionCall? ReadFunction(ref Utf8JsonReader reader)
    {
        var function = new WireFunctionCall();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!TryName(ref reader, out var name))
            {
                return null;
            }

            if (name.SequenceEqual("name"u8))
            {
                if (!ReadStringToken(ref reader))
                {
                    return null;
                }

                function.Name = reader.GetString();
            }
            else if (name.SequenceEqual("arguments"u8))
            {
                if (!ReadStringToken(ref reader))
                {
                    return null;
                }

                function.Arguments = reader.GetString();
            }
            else
            {
                return null;
            }
        }

        return reader.TokenType == JsonTokenType.EndObject ? function : null;
    }

    private static WireUsage? ReadUsage(ref Utf8JsonReader reader)
    {
        var usage = new WireUsage();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!TryName(ref reader, out var name))
            {
                return null;
            }

            long? value;
            if (name.SequenceEqual("prompt_tokens"u8))
            {
                if (!ReadNullableInt64(ref reader, out value))
                {
                    return null;
                }

                usage.PromptTokens = value;
            }
            else if (name.SequenceEqual("completion_tokens"u8))
            {
                if (!ReadNullableInt64(ref reader, out value))
                {
                    return null;
                }

                usage.CompletionTokens = value;
            }
            else if (name.SequenceEqual("total_tokens"u8))
            {
                if (!ReadNullableInt64(ref reader, out value))
                {
                    return null;
                }

                usage.TotalTokens = value;
            }
            else
            {
                return null; // token details and vendor counters: the serializer's extension data
            }
        }

        return reader.TokenType == JsonTokenType.EndObject ? usage : null;
    }

    /// <summary>
    /// The property name's bytes; an escaped name (which no service sends for these properties) declines the
    /// chunk to the serializer, which unescapes it.
    /// </summary>
    private static bool TryName(ref Utf8JsonReader reader, out ReadOnlySpan<byte> name)
    {
        name = reader.ValueIsEscaped ? default : reader.ValueSpan;
        return !reader.ValueIsEscaped;
    }

    /// <summary>Moves to the value and accepts a string or null, as a <c>string?</c> property does.</summary>
    private static bool ReadStringToken(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType is JsonTokenType.String or JsonTokenType.Null;
    }

    private static bool ReadNullableInt64(ref Utf8JsonReader reader, out long? value)
    {
        reader.Read();
        value = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var number))
        {
            value = number;
            return true;
        }

        return false;
    }
}
