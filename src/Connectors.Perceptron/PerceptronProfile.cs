using System.Text.Json;
using Connectors.Core.Profiles;
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

    private static readonly string[] ImageTypes = ["image/png", "image/jpeg", "image/jpg", "image/webp"];

    /// <summary>Options the API refuses or ignores; failing early beats a silently different answer.</summary>
    private static readonly string[] RefusedKeys = ["stop", "seed", "logprobs", "top_logprobs", "logit_bias", "user", "metadata", "store", "service_tier"];

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
        ResponseFormat.Converted(static (value, input) => value is ChatResponseFormatJson { Schema: null }
            ? throw new NotSupportedException("Perceptron refuses JSON mode without a schema: use ChatResponseFormat.ForJsonSchema(...) (or GetResponseAsync<T>) instead of ChatResponseFormat.Json.")
            : ResponseFormat.Convert!(value, input)),
        Tools,
        ToolMode.Converted(static (value, input) => value is AutoChatToolMode or NoneChatToolMode
            ? ToolMode.Convert!(value, input)
            : throw new NotSupportedException("Perceptron's tool_choice is only 'auto' or 'none': set ChatOptions.ToolMode to ChatToolMode.Auto or ChatToolMode.None.")),
        AllowMultipleToolCalls,
        Effort,
        Summary,
        ConversationId,
        AllowBackgroundResponses,
        ContinuationToken,

        // Hints only work in a system message: they lead the conversation as their own message.
        OptionRow.Vendor(HintsKey, static (value, input) =>
        {
            if (HintWords.Parse(value) is var hints && hints != PerceptronHints.None)
            {
                input.Request.Messages.Insert(0, new WireMessage { Role = "system", Content = new WireMessageContent(HintWords.ToTag(hints)) });
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
        OptionRow.Vendor(VisionConfigKey, static (value, _) => Core.Requests.JsonValueWriter.ToElement(value, VisionConfigKey)),
        OptionRow.Vendor(ReasoningEffortKey, static (value, _) => NormalizeEffort(value)),
        OptionRow.Vendor("n", static (value, _) => IsOne(value)
            ? value
            : throw new NotSupportedException("Perceptron returns exactly one choice: remove ChatOptions.AdditionalProperties['n'] or set it to 1.")),
        .. RefusedKeys.Select(static key => OptionRow.Vendor(key).Refused(Refusal($"'{key}'", $"ChatOptions.AdditionalProperties['{key}']"))),
    ]);

    private static readonly MessageRules Messages = new()
    {
        ConvertContent = static (content, _) => content is DataContent data && data.HasTopLevelMediaType("image") && Array.IndexOf(ImageTypes, data.MediaType.ToLowerInvariant()) < 0
            ? throw new NotSupportedException($"Perceptron accepts png, jpeg and webp images; this image is '{data.MediaType}'. Re-encode it as PNG or JPEG.")
            : null,
    };

    public static ChatServiceProfile Create(PerceptronClientOptions options) => new()
    {
        ProviderName = "perceptron",
        DefaultModelId = options.DefaultModelId,
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
        Messages = Messages,
        Interpreter = static call => new GroundingInterpreter(new ResponseGrounding(call.Messages)),
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
