using System.Text.Json;
using Connectors.Core.Wire;

namespace Connectors.Core.Responses;

/// <summary>
/// Reads the common streamed chunk (id, object, created, model, choices with text or tool-call deltas, plain
/// usage) with a <see cref="Utf8JsonReader"/>, giving the same objects the serializer would. It declines
/// (returns null) at the first thing outside that shape, so the serializer handles it with its full rules:
/// <c>error</c>, usage details, unexpected token types, bad JSON.
/// </summary>
/// <remarks>
/// Why: the serializer rents no stack for the root but allocates one per nested object, about 0.6 KB a chunk,
/// more than the chunk's own objects; a stream has thousands of chunks.
/// </remarks>
internal static class FastChunkReader
{
    public static ChatCompletionResponse? TryRead(ReadOnlySpan<byte> json, SseChunkParser strings)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            var chunk = ReadChunk(ref reader, strings);
            return chunk is not null && !reader.Read() ? chunk : null; // trailing content: let the serializer report it
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null; // a token of an unexpected type
        }
    }

    private static ChatCompletionResponse? ReadChunk(ref Utf8JsonReader reader, SseChunkParser strings)
    {
        var chunk = new ChatCompletionResponse();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!TryName(ref reader, out var name))
            {
                return null;
            }

            if (name.SequenceEqual("id"u8))
            {
                if (!ReadStringToken(ref reader))
                {
                    return null;
                }

                chunk.Id = strings.Id(ref reader);
            }
            else if (name.SequenceEqual("object"u8))
            {
                if (!ReadStringToken(ref reader))
                {
                    return null;
                }

                chunk.Object = strings.Object(ref reader);
            }
            else if (name.SequenceEqual("model"u8))
            {
                if (!ReadStringToken(ref reader))
                {
                    return null;
                }

                chunk.Model = strings.Model(ref reader);
            }
            else if (name.SequenceEqual("created"u8))
            {
                if (!ReadNullableInt64(ref reader, out var created))
                {
                    return null;
                }

                chunk.Created = created;
            }
            else if (name.SequenceEqual("choices"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null)
                {
                    chunk.Choices = null;
                }
                else if (reader.TokenType != JsonTokenType.StartArray || ReadChoices(ref reader) is not { } choices)
                {
                    return null;
                }
                else
                {
                    chunk.Choices = choices;
                }
            }
            else if (name.SequenceEqual("usage"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null)
                {
                    chunk.Usage = null;
                }
                else if (reader.TokenType != JsonTokenType.StartObject || ReadUsage(ref reader) is not { } usage)
                {
                    return null;
                }
                else
                {
                    chunk.Usage = usage;
                }
            }
            else if (name.SequenceEqual("error"u8))
            {
                return null; // errors take the serializer's path, with its rules for null and odd shapes
            }
            else
            {
                // system_fingerprint, vendor fields: kept as extension data, as the serializer keeps them.
                var field = reader.GetString()!;
                reader.Read();
                (chunk.ExtraFields ??= [])[field] = JsonElement.ParseValue(ref reader);
            }
        }

        return reader.TokenType == JsonTokenType.EndObject ? chunk : null;
    }

    private static WireChoice[]? ReadChoices(ref Utf8JsonReader reader)
    {
        // Streams send one choice a chunk unless n > 1: that one needs no list.
        WireChoice? first = null;
        List<WireChoice>? more = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject || ReadChoice(ref reader) is not { } choice)
            {
                return null;
            }

            if (first is null)
            {
                first = choice;
            }
            else
            {
                (more ??= [first]).Add(choice);
            }
        }

        return more is not null ? [.. more] : first is not null ? [first] : [];
    }

    private static WireChoice? ReadChoice(ref Utf8JsonReader reader)
    {
        var choice = new WireChoice();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!TryName(ref reader, out var name))
            {
                return null;
            }

            if (name.SequenceEqual("index"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var index))
                {
                    return null;
                }

                choice.Index = index;
            }
            else if (name.SequenceEqual("delta"u8) || name.SequenceEqual("message"u8))
            {
                var isDelta = name.SequenceEqual("delta"u8);
                reader.Read();
                WireResponseMessage? message = null;
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    message = ReadMessage(ref reader);
                    if (message is null)
                    {
                        return null;
                    }
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    return null;
                }

                if (isDelta)
                {
                    choice.Delta = message;
                }
                else
                {
                    choice.Message = message;
                }
            }
            else if (name.SequenceEqual("finish_reason"u8))
            {
                if (!ReadStringToken(ref reader))
                {
                    return null;
                }

                choice.FinishReason = reader.GetString();
            }
            else
            {
                reader.Skip(); // logprobs and the like: the serializer ignores them too
            }
        }

        return reader.TokenType == JsonTokenType.EndObject ? choice : null;
    }

    private static WireResponseMessage? ReadMessage(ref Utf8JsonReader reader)
    {
        var message = new WireResponseMessage();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!TryName(ref reader, out var name))
            {
                return null;
            }

            if (name.SequenceEqual("content"u8))
            {
                if (!ReadStringToken(ref reader))
                {
                    return null;
                }

                message.Content = reader.GetString();
            }
            else if (name.SequenceEqual("role"u8))
            {
                if (!ReadStringToken(ref reader))
                {
                    return null;
                }

                message.Role = reader.TokenType == JsonTokenType.Null ? null
                    : reader.ValueTextEquals("assistant"u8) ? "assistant"
                    : reader.GetString();
            }
            else if (name.SequenceEqual("reasoning_content"u8))
            {
                if (!ReadStringToken(ref reader))
                {
                    return null;
                }

                message.ReasoningContent = reader.GetString();
            }
            else if (name.SequenceEqual("refusal"u8))
            {
                if (!ReadStringToken(ref reader))
                {
                    return null;
                }

                message.Refusal = reader.GetString();
            }
            else if (name.SequenceEqual("tool_calls"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null)
                {
                    message.ToolCalls = null;
                }
                else if (reader.TokenType != JsonTokenType.StartArray || ReadToolCalls(ref reader) is not { } calls)
                {
                    return null;
                }
                else
                {
                    message.ToolCalls = calls;
                }
            }
            else
            {
                reader.Skip();
            }
        }

        return reader.TokenType == JsonTokenType.EndObject ? message : null;
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
                    reader.Skip();
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
                reader.Skip();
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
