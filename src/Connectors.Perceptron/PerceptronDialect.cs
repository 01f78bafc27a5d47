using System.Net.Http.Headers;
using System.Text.Json;
using Connectors.Core;
using Connectors.Core.Wire;
using Connectors.Perceptron.Grounding;
using Microsoft.Extensions.AI;

namespace Connectors.Perceptron;

/// <summary>Perceptron's rules on top of the shared engine: hints, vendor fields, and what the API refuses.</summary>
internal sealed class PerceptronDialect : ChatCompletionsDialect
{
    internal const long MaxBodyBytes = 20L * 1024 * 1024;

    // Parameters the gateway drops or refuses: failing early beats a silently different answer.
    private static readonly string[] RefusedFields = ["stop", "seed", "logprobs", "top_logprobs", "logit_bias", "user", "metadata", "store", "service_tier"];
    private static readonly string[] ImageTypes = ["image/png", "image/jpeg", "image/jpg", "image/webp"];

    private readonly PerceptronClientOptions _options;

    public PerceptronDialect(PerceptronClientOptions options) => _options = options;

    public override string ProviderName => "perceptron";

    public override Uri Endpoint => _options.Endpoint;

    public override string? DefaultModelId => _options.DefaultModelId;

    public override long? MaxRequestBytes => MaxBodyBytes;

    public override TimeSpan RequestTimeout => _options.RequestTimeout;

    public override ChatResilienceOptions Resilience => _options.Resilience;

    public override TimeSpan StreamIdleTimeout => _options.StreamIdleTimeout;

    public override bool ConsumesOption(string key) =>
        key is PerceptronChatOptionsExtensions.HintsKey or PerceptronChatOptionsExtensions.RegexKey or PerceptronChatOptionsExtensions.ReasoningEffortKey;

    public override WireContentPart? ConvertContent(AIContent content, ChatRole role)
    {
        if (content is DataContent data && data.HasTopLevelMediaType("image")
            && Array.IndexOf(ImageTypes, data.MediaType.ToLowerInvariant()) < 0)
        {
            throw new NotSupportedException($"Perceptron accepts png, jpeg and webp images; this image is '{data.MediaType}'. Re-encode it as PNG or JPEG.");
        }

        return null;
    }

    public override string? MapReasoningEffort(ReasoningEffort effort) => effort switch
    {
        ReasoningEffort.None => "none",
        ReasoningEffort.Low => "low",
        ReasoningEffort.Medium => "medium",
        _ => "high",
    };

    public override void ConfigureRequest(ChatCompletionRequest request, ChatRequestContext context)
    {
        var options = context.Options;
        var extras = options?.AdditionalProperties;
        CheckRanges(request);

        if (request.Stop is not null)
        {
            throw Refused("ChatOptions.StopSequences", "stop sequences");
        }

        if (request.Seed is not null)
        {
            throw Refused("ChatOptions.Seed", "a seed");
        }

        foreach (var field in RefusedFields)
        {
            if (extras?.ContainsKey(field) == true)
            {
                throw Refused($"ChatOptions.AdditionalProperties['{field}']", $"'{field}'");
            }
        }

        if (extras?.TryGetValue("n", out var n) == true && !IsOne(n))
        {
            throw new NotSupportedException("Perceptron returns exactly one choice: remove ChatOptions.AdditionalProperties['n'] or set it to 1.");
        }

        if (request.ResponseFormat?.Type == "json_object")
        {
            throw new NotSupportedException("Perceptron refuses JSON mode without a schema: use ChatResponseFormat.ForJsonSchema(...) (or GetResponseAsync<T>) instead of ChatResponseFormat.Json.");
        }

        if (request.ToolChoice is { } choice && !(choice.ValueKind == JsonValueKind.String && choice.GetString() is "auto" or "none"))
        {
            throw new NotSupportedException("Perceptron's tool_choice is only 'auto' or 'none': set ChatOptions.ToolMode to ChatToolMode.Auto or ChatToolMode.None.");
        }

        if (extras?.TryGetValue(PerceptronChatOptionsExtensions.RegexKey, out var regexValue) == true && regexValue is not null)
        {
            var regex = regexValue switch
            {
                string s => s,
                JsonElement { ValueKind: JsonValueKind.String } e => e.GetString()!,
                _ => throw new ArgumentException("ChatOptions.AdditionalProperties['regex'] must be a string pattern."),
            };
            if (request.ResponseFormat?.Type == "json_schema")
            {
                throw new NotSupportedException("Perceptron cannot combine a regex with a JSON schema: set either WithRegex(...) or ChatOptions.ResponseFormat, not both.");
            }

            if (request.Tools is { Count: > 0 })
            {
                throw new NotSupportedException("Perceptron cannot combine a regex with tools: remove ChatOptions.Tools or the regex.");
            }

            request.SetExtraField(PerceptronChatOptionsExtensions.RegexKey, JsonSerializer.SerializeToElement(regex, CoreJsonContext.Default.String));
        }

        if (extras?.TryGetValue(PerceptronChatOptionsExtensions.ReasoningEffortKey, out var effort) == true && effort is not null)
        {
            request.ReasoningEffort = PerceptronChatOptionsExtensions.NormalizeEffort(effort);
        }

        var hints = options.GetHints();
        if (hints != PerceptronHints.None)
        {
            // Hints only work in a system message; they lead the conversation as their own message.
            request.Messages.Insert(0, new WireMessage { Role = "system", Content = new WireMessageContent(HintWords.ToTag(hints)) });
        }
    }

    public override void OnResponse(ChatResponse response, ChatCompletionResponse wire, ChatRequestContext context)
    {
        var message = response.Messages.Count > 0 ? response.Messages[0] : null;
        if (message?.Text is { Length: > 0 } text)
        {
            new ResponseGrounding(context.Messages).AddTo(message.Contents, GroundingParser.ParseLeaves(text));
        }
    }

    public override StreamInterpreter? CreateStreamInterpreter(ChatRequestContext context) =>
        new GroundingStreamInterpreter(new ResponseGrounding(context.Messages));

    public override void ApplyHeaders(HttpRequestMessage request, ChatRequestContext context)
    {
        if (!string.IsNullOrEmpty(_options.ApiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
        }
    }

    public override string Redact(string text) =>
        string.IsNullOrEmpty(_options.ApiKey) ? text : text.Replace(_options.ApiKey, "[redacted]", StringComparison.Ordinal);

    private static void CheckRanges(ChatCompletionRequest request)
    {
        if (request.Temperature is < 0)
        {
            throw new ArgumentOutOfRangeException("options", request.Temperature, "ChatOptions.Temperature must be 0 or more for Perceptron.");
        }

        if (request.TopP is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException("options", request.TopP, "ChatOptions.TopP must be in (0, 1] for Perceptron.");
        }

        if (request.TopK is < 0)
        {
            throw new ArgumentOutOfRangeException("options", request.TopK, "ChatOptions.TopK must be 0 or more.");
        }

        if (request.FrequencyPenalty is < -2 or > 2 || request.PresencePenalty is < -2 or > 2)
        {
            throw new ArgumentOutOfRangeException("options", "ChatOptions.FrequencyPenalty and PresencePenalty must be in [-2, 2].");
        }

        if (request.MaxCompletionTokens is <= 0)
        {
            throw new ArgumentOutOfRangeException("options", request.MaxCompletionTokens, "ChatOptions.MaxOutputTokens must be positive.");
        }
    }

    private static bool IsOne(object? value) => value switch
    {
        int i => i == 1,
        long l => l == 1,
        JsonElement { ValueKind: JsonValueKind.Number } e => e.TryGetInt32(out var v) && v == 1,
        _ => false,
    };

    private static NotSupportedException Refused(string option, string what) =>
        new($"Perceptron does not support {what}: remove {option} from the request.");
}
