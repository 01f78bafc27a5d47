using System.Text;
using Connectors.Core.Wire;
using Microsoft.Extensions.AI;

namespace Connectors.Core.Requests;

/// <summary>Maps MEAI messages and options onto the chat-completions request.</summary>
internal static class RequestBuilder
{
    public static ChatCompletionRequest Build(ChatCompletionsDialect dialect, ChatRequestContext context)
    {
        var options = context.Options;
        var request = new ChatCompletionRequest { Model = options?.ModelId ?? dialect.DefaultModelId };

        if (!string.IsNullOrEmpty(options?.Instructions))
        {
            request.Messages.Add(new WireMessage { Role = "system", Content = new WireMessageContent(options.Instructions) });
        }

        foreach (var message in dialect.PrepareMessages(context.Messages, options))
        {
            MessageMapper.Append(request.Messages, message, dialect);
        }

        if (request.Messages.Count == 0)
        {
            throw new ArgumentException("The request has no messages: add at least one ChatMessage with content.", "messages");
        }

        if (options is not null)
        {
            ApplyOptions(request, options, dialect);
        }

        if (context.Streaming)
        {
            request.Stream = true;
            if (dialect.RequestsStreamUsage)
            {
                request.StreamOptions = new WireStreamOptions { IncludeUsage = true };
            }
        }

        dialect.ConfigureRequest(request, context);

        if (options?.AdditionalProperties is { Count: > 0 } extras)
        {
            foreach (var (key, value) in extras)
            {
                // Typed options and dialect fields win; everything else reaches the wire as a top-level field.
                if (value is null || dialect.ConsumesOption(key) || request.IsTypedFieldSet(key) || request.HasExtraField(key))
                {
                    continue;
                }

                request.SetExtraField(key, JsonValueWriter.ToElement(value, key));
            }
        }

        if (dialect.MaxRequestBytes is { } limit && EstimateBytes(request) is var size && size > limit)
        {
            throw new ArgumentException(
                $"The request body would be about {size / (1024 * 1024.0):F1} MB, over the {limit / (1024 * 1024)} MB {dialect.ProviderName} accepts. Send fewer or smaller images (downscale or re-encode as JPEG/WebP), or link them by https URL.",
                "messages");
        }

        return request;
    }

    private static void ApplyOptions(ChatCompletionRequest request, ChatOptions options, ChatCompletionsDialect dialect)
    {
        request.Temperature = options.Temperature;
        request.TopP = options.TopP;
        request.TopK = options.TopK;
        request.MaxCompletionTokens = options.MaxOutputTokens;
        request.FrequencyPenalty = options.FrequencyPenalty;
        request.PresencePenalty = options.PresencePenalty;
        request.Seed = options.Seed;
        if (options.StopSequences is { Count: > 0 } stop)
        {
            request.Stop = [.. stop];
        }

        request.ResponseFormat = options.ResponseFormat switch
        {
            null => null,
            ChatResponseFormatText => new WireResponseFormat { Type = "text" },
            ChatResponseFormatJson { Schema: { } schema } json => new WireResponseFormat
            {
                Type = "json_schema",
                JsonSchema = new WireJsonSchema { Name = json.SchemaName ?? "response", Description = json.SchemaDescription, Schema = schema },
            },
            ChatResponseFormatJson => new WireResponseFormat { Type = "json_object" },
            _ => throw new NotSupportedException($"ChatOptions.ResponseFormat of type {options.ResponseFormat.GetType().Name} is not supported."),
        };

        if (options.Tools is { Count: > 0 } tools)
        {
            request.Tools = new List<WireTool>(tools.Count);
            foreach (var tool in tools)
            {
                request.Tools.Add(ToolMapper.ToWire(tool, dialect));
            }

            request.ToolChoice = ToolMapper.ToolChoice(options.ToolMode);
            request.ParallelToolCalls = options.AllowMultipleToolCalls;
        }
        else if (options.ToolMode is RequiredChatToolMode)
        {
            throw new ArgumentException("ChatOptions.ToolMode requires a tool call, but ChatOptions.Tools is empty: add the tools or use ChatToolMode.Auto.", nameof(options));
        }

        if (options.Reasoning?.Effort is { } effort)
        {
            request.ReasoningEffort = dialect.MapReasoningEffort(effort);
        }
    }

    /// <summary>An upper estimate of the serialized size, without serializing (images counted by their base64 length).</summary>
    internal static long EstimateBytes(ChatCompletionRequest request)
    {
        long size = 4096;
        foreach (var message in request.Messages)
        {
            size += 64 + Utf8(message.Content?.Text) + Utf8(message.ReasoningContent);
            foreach (var part in message.Content?.Parts ?? [])
            {
                size += 48 + Utf8(part.Text) + (part.ImageUrl?.WireLength ?? 0) + (part.InputAudio?.Data.Length ?? 0);
            }

            foreach (var call in message.ToolCalls ?? [])
            {
                size += 96 + Utf8(call.Function?.Name) + Utf8(call.Function?.Arguments);
            }
        }

        foreach (var tool in request.Tools ?? [])
        {
            size += 128 + Utf8(tool.Function?.Description) + (tool.Function?.Parameters?.GetRawText().Length ?? 0);
        }

        return size;

        static long Utf8(string? text) => text is null ? 0 : Encoding.UTF8.GetByteCount(text);
    }
}
