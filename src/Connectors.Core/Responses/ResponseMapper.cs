using System.Text.Json;
using Connectors.Core.Wire;
using Microsoft.Extensions.AI;

namespace Connectors.Core.Responses;

/// <summary>Maps a non-streamed reply to a <see cref="ChatResponse"/>.</summary>
internal static class ResponseMapper
{
    /// <summary>The <see cref="ChatResponse.AdditionalProperties"/> key holding every choice when the service returned more than one.</summary>
    public const string ChoicesKey = "choices";

    public static ChatResponse ToChatResponse(ChatCompletionResponse wire)
    {
        var choices = wire.Choices ?? [];
        var first = choices.Length > 0 ? choices[0] : null;
        var message = ToMessage(first, wire.Id);
        var response = new ChatResponse(message)
        {
            ResponseId = wire.Id,
            ModelId = wire.Model,
            CreatedAt = ToTimestamp(wire.Created),
            FinishReason = MapFinishReason(first?.FinishReason),
            Usage = UsageMapper.ToUsage(wire.Usage),
            RawRepresentation = wire,
        };

        if (choices.Length > 1)
        {
            // MEAI has no notion of choices: the first is the answer; all are kept, in order, beside it.
            var all = new List<ChatMessage>(choices.Length) { message };
            for (var i = 1; i < choices.Length; i++)
            {
                all.Add(ToMessage(choices[i], wire.Id is null ? null : $"{wire.Id}-{choices[i].Index}"));
            }

            (response.AdditionalProperties ??= [])[ChoicesKey] = all;
        }

        return response;
    }

    private static ChatMessage ToMessage(WireChoice? choice, string? messageId)
    {
        var wireMessage = choice?.Message ?? choice?.Delta;
        var message = new ChatMessage(ChatRole.Assistant, (IList<AIContent>?)null) { MessageId = messageId, RawRepresentation = choice };
        if (wireMessage is null)
        {
            return message;
        }

        if (!string.IsNullOrEmpty(wireMessage.Role))
        {
            message.Role = new ChatRole(wireMessage.Role);
        }

        if (!string.IsNullOrEmpty(wireMessage.ReasoningContent))
        {
            message.Contents.Add(new TextReasoningContent(wireMessage.ReasoningContent));
        }

        if (!string.IsNullOrEmpty(wireMessage.Content))
        {
            message.Contents.Add(new TextContent(wireMessage.Content));
        }

        if (!string.IsNullOrEmpty(wireMessage.Refusal))
        {
            message.Contents.Add(Refusal(wireMessage.Refusal));
        }

        var index = 0;
        foreach (var call in wireMessage.ToolCalls ?? [])
        {
            message.Contents.Add(ToolCallParser.Create(call.Id, call.Function?.Name, call.Function?.Arguments, index++));
        }

        return message;
    }

    /// <summary>A refusal is text the caller must see, marked so it can be told from an answer.</summary>
    public static TextContent Refusal(string text) => new(text) { AdditionalProperties = new() { ["refusal"] = true } };

    public static DateTimeOffset? ToTimestamp(long? unixSeconds) =>
        unixSeconds is > 0 and < 253402300799 ? DateTimeOffset.FromUnixTimeSeconds(unixSeconds.Value) : null;

    public static ChatFinishReason? MapFinishReason(string? value) => value switch
    {
        null or "" => null,
        "stop" => ChatFinishReason.Stop,
        "length" => ChatFinishReason.Length,
        "tool_calls" or "function_call" => ChatFinishReason.ToolCalls,
        "content_filter" => ChatFinishReason.ContentFilter,
        _ => new ChatFinishReason(value), // kept as sent (for example Perceptron's "interrupted")
    };
}

/// <summary>Builds <see cref="FunctionCallContent"/> from wire tool calls; bad argument JSON is captured, not thrown.</summary>
internal static class ToolCallParser
{
    public static FunctionCallContent Create(string? id, string? name, string? arguments, int ordinal)
    {
        var callId = string.IsNullOrEmpty(id) ? $"call_{ordinal}_{Guid.NewGuid():N}" : id;
        var content = FunctionCallContent.CreateFromParsedArguments(
            string.IsNullOrWhiteSpace(arguments) ? "{}" : arguments,
            callId,
            name ?? string.Empty,
            static json => JsonSerializer.Deserialize(json, CoreJsonContext.Default.DictionaryStringObject));
        return content;
    }
}
