using System.Text.Json;
using Connectors.Core.Profiles;
using Connectors.Core.Wire;
using Microsoft.Extensions.AI;

namespace Connectors.Core.Requests;

/// <summary>Converts one <see cref="ChatMessage"/> into wire messages (tool results become their own <c>tool</c> messages).</summary>
internal static class MessageMapper
{
    public static void Append(List<WireMessage> output, ChatMessage message, MessageRules rules, string provider)
    {
        var role = message.Role;
        var parts = new List<WireContentPart>();
        List<WireToolCall>? toolCalls = null;
        string? reasoning = null;

        foreach (var content in message.Contents)
        {
            if (rules.ConvertContent?.Invoke(content, role) is { } custom)
            {
                parts.Add(custom);
                continue;
            }

            switch (content)
            {
                case TextContent text:
                    if (!string.IsNullOrEmpty(text.Text))
                    {
                        parts.Add(WireContentPart.ForText(text.Text));
                    }

                    break;
                case DataContent data when data.HasTopLevelMediaType("image"):
                    parts.Add(new WireContentPart { Type = "image_url", ImageUrl = new WireImageUrl { Data = data.Data, MediaType = data.MediaType } });
                    break;
                case UriContent uri when uri.Uri.Scheme is not ("http" or "https"):
                    throw new ArgumentException($"Only http, https and data URLs can be sent; '{uri.Uri.Scheme}:' URLs are refused. Load the file into a DataContent instead.", "messages");
                case UriContent uri when uri.HasTopLevelMediaType("image"):
                    parts.Add(new WireContentPart { Type = "image_url", ImageUrl = new WireImageUrl { Url = uri.Uri.ToString() } });
                    break;
                case DataContent audio when audio.HasTopLevelMediaType("audio"):
                    parts.Add(new WireContentPart { Type = "input_audio", InputAudio = new WireInputAudio { Data = Convert.ToBase64String(audio.Data.Span), Format = AudioFormat(audio.MediaType) } });
                    break;
                case TextReasoningContent thought:
                    if (rules.ReplayReasoning && !string.IsNullOrEmpty(thought.Text))
                    {
                        reasoning += thought.Text;
                    }

                    break;
                case FunctionCallContent call:
                    (toolCalls ??= []).Add(new WireToolCall
                    {
                        Id = call.CallId,
                        Type = "function",
                        Function = new WireFunctionCall { Name = call.Name, Arguments = SerializeArguments(call.Arguments) },
                    });
                    break;
                case FunctionResultContent result:
                    output.Add(new WireMessage { Role = "tool", ToolCallId = result.CallId, Content = ResultContent(result, rules, provider) });
                    break;
                case DataContent or UriContent:
                    throw new NotSupportedException(
                        $"{provider} cannot take content of media type '{MediaTypeOf(content)}' in a {role} message; send images (png, jpeg, webp) or text.");
                case UsageContent or ErrorContent:
                    break; // reports about earlier replies, not conversation content
                default:
                    if (role == ChatRole.User || role == ChatRole.System)
                    {
                        throw new NotSupportedException($"{provider} cannot send {content.GetType().Name} in a {role} message.");
                    }

                    break; // annotations on earlier assistant replies (grounding, citations) are already in their text
            }
        }

        if (parts.Count == 0 && toolCalls is null && reasoning is null)
        {
            return; // a message that was only tool results, or had nothing to send
        }

        output.Add(new WireMessage
        {
            Role = role.Value,
            Name = rules.AuthorName is { } rename ? rename(message.AuthorName) : message.AuthorName,
            Content = parts.Count switch
            {
                0 => null,
                1 when parts[0].Type == "text" => new WireMessageContent(parts[0].Text!),
                _ => new WireMessageContent(parts),
            },
            ToolCalls = toolCalls,
            ReasoningContent = reasoning,
        });
    }

    private static string MediaTypeOf(AIContent content) => content switch
    {
        DataContent data => data.MediaType,
        UriContent uri => uri.MediaType,
        _ => content.GetType().Name,
    };

    private static string AudioFormat(string mediaType) => mediaType.ToLowerInvariant() switch
    {
        "audio/mpeg" or "audio/mp3" => "mp3",
        "audio/wav" or "audio/x-wav" or "audio/wave" => "wav",
        "audio/flac" => "flac",
        var other => other["audio/".Length..],
    };

    private static string SerializeArguments(IDictionary<string, object?>? arguments) =>
        arguments is null || arguments.Count == 0
            ? "{}"
            : JsonSerializer.Serialize(arguments, CoreJsonContext.Compact.GetTypeInfo(typeof(IDictionary<string, object?>)));

    /// <summary>
    /// A tool result: its text or JSON, or, when it holds images and the service takes them there, text and image
    /// parts in order (a single text stays a plain string).
    /// </summary>
    private static WireMessageContent ResultContent(FunctionResultContent result, MessageRules rules, string provider)
    {
        IEnumerable<AIContent>? contents = result.Result switch
        {
            AIContent single => [single],
            IEnumerable<AIContent> many => many,
            _ => null,
        };
        if (contents is not null && contents.All(static c => c is TextContent))
        {
            return new WireMessageContent(string.Concat(contents.Select(static c => ((TextContent)c).Text))); // text the function returned, not its JSON
        }

        if (contents is null || !contents.Any(IsImage))
        {
            return new WireMessageContent(ResultText(result));
        }

        if (!rules.ToolResultImages)
        {
            throw new NotSupportedException($"{provider} cannot take images in a tool result ('{result.CallId}'): return text from the function, or add the image to a user message.");
        }

        var parts = new List<WireContentPart>();
        foreach (var content in contents)
        {
            // The service's own parts first (an uploaded image by id); an image is all a tool result may hold.
            if (rules.ConvertContent?.Invoke(content, ChatRole.Tool) is { } custom && (custom.ImageUrl is not null || custom.ImageFileId is not null))
            {
                parts.Add(custom);
                continue;
            }

            parts.Add(content switch
            {
                TextContent text => WireContentPart.ForText(text.Text),
                DataContent data when data.HasTopLevelMediaType("image") => new WireContentPart { Type = "image_url", ImageUrl = new WireImageUrl { Data = data.Data, MediaType = data.MediaType } },
                UriContent uri when uri.HasTopLevelMediaType("image") && uri.Uri.Scheme is "http" or "https" => new WireContentPart { Type = "image_url", ImageUrl = new WireImageUrl { Url = uri.Uri.ToString() } },
                _ => throw new NotSupportedException($"{provider} takes text and images in a tool result, not {MediaTypeOf(content)} ('{result.CallId}')."),
            });
        }

        return parts is [{ Type: "text", Text: { } only }] ? new WireMessageContent(only) : new WireMessageContent(parts);

        static bool IsImage(AIContent content) => content is DataContent { } data && data.HasTopLevelMediaType("image") || content is UriContent { } uri && uri.HasTopLevelMediaType("image")
            || content is HostedFileContent { } file && file.HasTopLevelMediaType("image");
    }

    private static string ResultText(FunctionResultContent result) => result.Result switch
    {
        null => result.Exception is { } e ? $"Error: {e.Message}" : string.Empty,
        string text => text,
        JsonElement element => element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText(),
        var value => JsonSerializer.Serialize(value, CoreJsonContext.Compact.GetTypeInfo(value.GetType())),
    };
}
