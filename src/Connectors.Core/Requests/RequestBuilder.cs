using System.Text;
using System.Text.Json;
using Connectors.Core.Profiles;
using Connectors.Core.Wire;
using Microsoft.Extensions.Logging;

namespace Connectors.Core.Requests;

/// <summary>Maps MEAI messages and options onto the chat-completions request, by the service's profile.</summary>
internal static class RequestBuilder
{
    public static ChatCompletionRequest Build(ChatServiceProfile profile, ChatCall call, string? model, ILogger logger)
    {
        var options = call.Options;
        var request = new ChatCompletionRequest { Model = string.IsNullOrEmpty(model) ? null : model };

        if (!string.IsNullOrEmpty(options?.Instructions))
        {
            request.Messages.Add(new WireMessage { Role = "system", Content = new WireMessageContent(options.Instructions) });
        }

        var rules = profile.Messages;
        foreach (var message in rules.Prepare?.Invoke(call.Messages) ?? call.Messages)
        {
            MessageMapper.Append(request.Messages, message, rules, profile.ProviderName);
        }

        if (request.Messages.Count == 0)
        {
            throw new ArgumentException("The request has no messages: add at least one ChatMessage with content.", "messages");
        }

        if (call.Streaming)
        {
            request.Stream = true;
            if (profile.Transport.StreamUsage)
            {
                request.StreamOptions = new WireStreamOptions { IncludeUsage = true };
            }
        }

        if (options is not null)
        {
            profile.Options.Apply(options, request, profile.ProviderName, logger);
        }

        if (profile.Transport.MaxRequestBytes is { } limit && EstimateBytes(request) is var size && size > limit)
        {
            throw new ArgumentException(
                $"The request body would be about {size / (1024 * 1024.0):F1} MB, over the {limit / (1024 * 1024)} MB {profile.ProviderName} accepts. Send fewer or smaller images (downscale or re-encode as JPEG/WebP), or link them by https URL.",
                "messages");
        }

        return request;
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
                size += 48 + Utf8(part.Text) + (part.ImageUrl?.WireLength ?? 0) + (part.InputAudio?.Data.Length ?? 0)
                    + (part.VideoUrl?.WireLength ?? 0) + (part.AudioUrl?.WireLength ?? 0) + (part.VideoFrames?.WireLength ?? 0);
            }

            foreach (var call in message.ToolCalls ?? [])
            {
                size += 96 + Utf8(call.Function?.Name) + Utf8(call.Function?.Arguments);
            }
        }

        foreach (var (name, value) in request.Fields ?? [])
        {
            size += 8 + name.Length + value switch
            {
                string text => Utf8(text),
                JsonElement element => element.GetRawText().Length,
                List<WireTool> tools => tools.Sum(static tool => 128 + Utf8(tool.Function?.Description) + (tool.Function?.Parameters?.GetRawText().Length ?? 0)),
                _ => 64,
            };
        }

        return size;

        static long Utf8(string? text) => text is null ? 0 : Encoding.UTF8.GetByteCount(text);
    }
}
