using System.Diagnostics.CodeAnalysis;
using Connectors.Core.Requests;
using Connectors.Core.Wire;
using Microsoft.Extensions.AI;

namespace Connectors.Core.Profiles;

/// <summary>
/// The row of every typed <see cref="ChatOptions"/> field as the OpenAI chat-completions API takes it. A service's
/// table lists each of them, changed where the service differs (<see cref="OptionRow.Refused"/>, <see cref="OptionRow.Dropped"/>,
/// <see cref="OptionRow.Renamed"/>, <see cref="OptionRow.Checked"/>, <see cref="OptionRow.Converted"/>).
/// </summary>
[SuppressMessage("Usage", "MEAI001", Justification = "Background responses are read only to say they are not supported.")]
internal static class StandardOptions
{
    public static OptionRow Temperature { get; } = OptionRow.Typed("ChatOptions.Temperature", static o => o.Temperature, "temperature");

    public static OptionRow TopP { get; } = OptionRow.Typed("ChatOptions.TopP", static o => o.TopP, "top_p");

    public static OptionRow TopK { get; } = OptionRow.Typed("ChatOptions.TopK", static o => o.TopK, "top_k");

    public static OptionRow FrequencyPenalty { get; } = OptionRow.Typed("ChatOptions.FrequencyPenalty", static o => o.FrequencyPenalty, "frequency_penalty");

    public static OptionRow PresencePenalty { get; } = OptionRow.Typed("ChatOptions.PresencePenalty", static o => o.PresencePenalty, "presence_penalty");

    public static OptionRow MaxOutputTokens { get; } = OptionRow.Typed("ChatOptions.MaxOutputTokens", static o => o.MaxOutputTokens, "max_completion_tokens");

    public static OptionRow Seed { get; } = OptionRow.Typed("ChatOptions.Seed", static o => o.Seed, "seed");

    public static OptionRow StopSequences { get; } = OptionRow.Typed(
        "ChatOptions.StopSequences", static o => o.StopSequences is { Count: > 0 } stop ? stop : null, "stop", static (value, _) => new List<string>((IList<string>)value));

    public static OptionRow ResponseFormat { get; } = OptionRow.Typed("ChatOptions.ResponseFormat", static o => o.ResponseFormat, "response_format", static (value, _) => value switch
    {
        ChatResponseFormatText => new WireResponseFormat { Type = "text" },
        ChatResponseFormatJson { Schema: { } schema } json => new WireResponseFormat
        {
            Type = "json_schema",
            JsonSchema = new WireJsonSchema { Name = json.SchemaName ?? "response", Description = json.SchemaDescription, Schema = schema },
        },
        ChatResponseFormatJson => new WireResponseFormat { Type = "json_object" },
        _ => throw new NotSupportedException($"ChatOptions.ResponseFormat of type {value.GetType().Name} is not supported."),
    });

    /// <summary>Function tools with their JSON schema; any other tool is refused.</summary>
    public static OptionRow Tools { get; } = OptionRow.Typed("ChatOptions.Tools", static o => o.Tools is { Count: > 0 } tools ? tools : null, "tools", static (value, input) => ToolMapper.ToWire((IList<AITool>)value, ToolMapper.Function, input.Provider));

    /// <summary><c>tool_choice</c>, sent only with tools; requiring a call without tools is refused.</summary>
    public static OptionRow ToolMode { get; } = OptionRow.Typed("ChatOptions.ToolMode", static o => o.ToolMode, "tool_choice", static (value, input) => input.Options.Tools is { Count: > 0 }
        ? ToolMapper.ToolChoice((ChatToolMode)value)
        : value is RequiredChatToolMode
            ? throw new ArgumentException("ChatOptions.ToolMode requires a tool call, but ChatOptions.Tools is empty: add the tools or use ChatToolMode.Auto.", "options")
            : null);

    /// <summary><c>parallel_tool_calls</c>, sent only with tools.</summary>
    public static OptionRow AllowMultipleToolCalls { get; } = OptionRow.Typed(
        "ChatOptions.AllowMultipleToolCalls", static o => o.AllowMultipleToolCalls, "parallel_tool_calls", static (value, input) => input.Options.Tools is { Count: > 0 } ? value : null);

    public static OptionRow Effort { get; } = OptionRow.Typed("ChatOptions.Reasoning.Effort", static o => o.Reasoning?.Effort, "reasoning_effort", static (value, _) => (ReasoningEffort)value switch
    {
        ReasoningEffort.None => "none",
        ReasoningEffort.Low => "low",
        ReasoningEffort.Medium => "medium",
        _ => "high",
    });

    public static OptionRow Summary { get; } = OptionRow.Typed("ChatOptions.Reasoning.Output", static o => o.Reasoning?.Output, "reasoning_summary")
        .Dropped("the service has no setting for how much reasoning is returned");

    public static OptionRow ConversationId { get; } = OptionRow.Typed("ChatOptions.ConversationId", static o => o.ConversationId, "conversation")
        .Dropped("chat completions keep no conversation on the server; the messages sent are the whole history");

    public static OptionRow AllowBackgroundResponses { get; } = OptionRow.Typed("ChatOptions.AllowBackgroundResponses", static o => o.AllowBackgroundResponses, "background")
        .Dropped("every call is answered in the foreground");

    public static OptionRow ContinuationToken { get; } = OptionRow.Typed("ChatOptions.ContinuationToken", static o => o.ContinuationToken, "continuation")
        .Refused("This service cannot resume background responses: remove ChatOptions.ContinuationToken and send the request again.");
}
