using System.Text.Json;
using Connectors.Core.Profiles;
using Connectors.Core.Requests;
using Connectors.Core.Wire;
using Connectors.Perceptron.Grounding;
using Microsoft.Extensions.AI;
using static Connectors.Core.Profiles.StandardOptions;
using static Connectors.Perceptron.PerceptronChatOptionsExtensions;

namespace Connectors.Perceptron;

/// <summary>Everything Perceptron does differently from the common chat-completions API, in one place.</summary>
internal static class PerceptronProfile
{
    /// <summary>The largest request body the API accepts.</summary>
    internal const long MaxBodyBytes = 20L * 1024 * 1024;

    /// <summary>
    /// OpenAI parameters the API would drop or reject without a clear signal, as the vendor's SDK lists them; a few
    /// with what to do instead. Failing early beats a silently different answer.
    /// </summary>
    private static readonly (string Key, string? Instead)[] RefusedKeys =
    [
        ("stop", null), ("seed", null), ("logprobs", null), ("top_logprobs", null), ("logit_bias", null), ("user", null),
        ("metadata", null), ("store", null), ("service_tier", null), ("modalities", null),
        ("audio", "send audio as a DataContent with an audio media type"), ("prediction", null), ("web_search_options", null),
        ("verbosity", null), ("prompt_cache_key", null), ("safety_identifier", null), ("cache_salt", null),
        ("functions", "declare ChatOptions.Tools instead"), ("function_call", "set ChatOptions.ToolMode instead"),
    ];

    private static readonly OptionTable Table = new(
    [
        Temperature.Checked(static t => t >= 0, "ChatOptions.Temperature must be 0 or more for Perceptron."),
        TopP.Checked(static p => p is > 0 and <= 1, "ChatOptions.TopP must be in (0, 1] for Perceptron."),
        TopK.Checked(static k => k >= 0, "ChatOptions.TopK must be 0 or more."),
        FrequencyPenalty.Checked(static p => p is >= -2 and <= 2, "ChatOptions.FrequencyPenalty must be in [-2, 2]."),
        PresencePenalty.Checked(static p => p is >= -2 and <= 2, "ChatOptions.PresencePenalty must be in [-2, 2]."),
        MaxOutputTokens.Checked(static n => n > 0, "ChatOptions.MaxOutputTokens must be positive."),
        Seed.Refused(Refusal("a seed", "ChatOptions.Seed")),
        StopSequences.Refused(Refusal("stop sequences", "ChatOptions.StopSequences")),
        ResponseFormat.Converted(static (value, input) => value switch
        {
            ChatResponseFormatJson { Schema: null } => throw new NotSupportedException("Perceptron refuses JSON mode without a schema: use ChatResponseFormat.ForJsonSchema(...) (or GetResponseAsync<T>) instead of ChatResponseFormat.Json."),
            ChatResponseFormatJson when input.Options.Tools is { Count: > 0 } => throw new NotSupportedException("Perceptron cannot combine tools with a JSON schema: remove ChatOptions.Tools or ChatOptions.ResponseFormat."),
            _ => ResponseFormat.Convert!(value, input),
        }),
        Tools.Converted(static (value, input) => (IList<AITool>)value is { Count: > 1 } tools && tools.Any(static t => t is PerceptronFocusTool)
            ? throw new NotSupportedException("Perceptron takes the FOCUS tool only on its own: remove the other ChatOptions.Tools, or PerceptronFocusTool.")
            : ToolMapper.ToWire((IList<AITool>)value, static tool => tool is PerceptronFocusTool ? new WireTool { Type = "perceptron.FOCUS" } : ToolMapper.Function(tool), input.Provider)),
        ToolMode.Converted(static (value, input) => value is AutoChatToolMode or NoneChatToolMode
            ? ToolMode.Convert!(value, input)
            : throw new NotSupportedException("Perceptron's tool_choice is only 'auto' or 'none': set ChatOptions.ToolMode to ChatToolMode.Auto or ChatToolMode.None.")),
        AllowMultipleToolCalls,
        Effort,
        Summary,
        ConversationId,
        AllowBackgroundResponses,
        ContinuationToken,

        // Hints only work in a system message. As the SDK lowers them: the tag leads the conversation, and merges (no
        // separator) into a system instruction that opens it, so a helper sends one "<hint>BOX</hint>Your goal..." message.
        OptionRow.Vendor(HintsKey, static (value, input) =>
        {
            if (HintWords.Parse(value) is var hints && hints != PerceptronHints.None)
            {
                var tag = HintWords.ToTag(hints);
                var messages = input.Request.Messages;
                if (messages is [{ Role: "system", Content.Text: { } instruction } first, ..])
                {
                    first.Content = new WireMessageContent(tag + instruction);
                }
                else
                {
                    messages.Insert(0, new WireMessage { Role = "system", Content = new WireMessageContent(tag) });
                }
            }

            return null;
        }) with { Wire = null },
        OptionRow.Vendor(RegexKey, static (value, input) => value switch
        {
            _ when input.Options.ResponseFormat is ChatResponseFormatJson =>
                throw new NotSupportedException("Perceptron cannot combine a regex with a JSON schema: set either WithRegex(...) or ChatOptions.ResponseFormat, not both."),
            _ when input.Options.Tools is { Count: > 0 } =>
                throw new NotSupportedException("Perceptron cannot combine a regex with tools: remove ChatOptions.Tools or the regex."),
            string pattern => pattern,
            JsonElement { ValueKind: JsonValueKind.String } element => element.GetString(),
            _ => throw new ArgumentException("ChatOptions.AdditionalProperties['regex'] must be a string pattern."),
        }),
        OptionRow.Vendor(VisionConfigKey, static (value, _) => VisionConfig(value)),
        OptionRow.Vendor(ReasoningEffortKey, static (value, _) => NormalizeEffort(value)),
        OptionRow.Vendor("n", static (value, _) => IsOne(value)
            ? value
            : throw new NotSupportedException("Perceptron returns exactly one choice: remove ChatOptions.AdditionalProperties['n'] or set it to 1.")),
        .. RefusedKeys.Select(static refused => OptionRow.Vendor(refused.Key).Refused(
            Refusal($"'{refused.Key}'", $"ChatOptions.AdditionalProperties['{refused.Key}']") + (refused.Instead is null ? "" : $" Instead, {refused.Instead}."))),
    ]);

    /// <summary>The capabilities <c>/models?extended=true</c> lists, and what in the options uses each.</summary>
    private static readonly (string, Func<ChatOptions, bool>)[] Capabilities =
    [
        ("tool_calling", static o => o.Tools?.Any(t => t is not PerceptronFocusTool) == true),
        ("regex", static o => o.AdditionalProperties?.ContainsKey(RegexKey) == true),
        ("response_format_json_schema", static o => o.ResponseFormat is ChatResponseFormatJson { Schema: not null }),
    ];

    /// <summary>Model ids the API no longer knows, and their current names.</summary>
    private static readonly Dictionary<string, string> RenamedModels = new(StringComparer.Ordinal) { ["perceptron-mk1.5-preview"] = "perceptron-mk1.5" };

    private static MessageRules Messages(Uri endpoint) => new()
    {
        ReplayReasoning = true, // the API reads earlier reasoning on assistant turns, as the vendor's SDK sends it
        ToolResultImages = true, // "here is the crop you asked for": a tool may return an image
        ConvertContent = (content, _) => MediaParts.Convert(content, endpoint), // uploaded frames go as URLs on this endpoint
    };

    public static ChatServiceProfile Create(PerceptronClientOptions options) => new()
    {
        ProviderName = "perceptron",
        DefaultModelId = options.DefaultModelId,
        RenamedModels = RenamedModels,
        Transport = new ServiceTransport
        {
            Endpoint = options.Endpoint,
            BearerToken = options.ApiKey,
            MaxRequestBytes = MaxBodyBytes,
            RequestTimeout = options.RequestTimeout,
            StreamIdleTimeout = options.StreamIdleTimeout,
            Resilience = options.Resilience,
        },
        Options = Table,
        Messages = Messages(options.Endpoint),
        Interpreter = static call => new GroundingInterpreter(new ResponseGrounding(call.Messages)),
        Capabilities = Capabilities,
    };

    private static string Refusal(string what, string option) => $"Perceptron does not support {what}: remove {option} from the request.";

    private static bool IsOne(object value) => value switch
    {
        int i => i == 1,
        long l => l == 1,
        JsonElement { ValueKind: JsonValueKind.Number } e => e.TryGetInt32(out var v) && v == 1,
        _ => false,
    };
}
