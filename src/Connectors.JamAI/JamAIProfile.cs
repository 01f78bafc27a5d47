using System.Text.Json;
using Connectors.Core.Profiles;
using Connectors.Core.Requests;
using Connectors.Core.Wire;
using Microsoft.Extensions.AI;
using static Connectors.Core.Profiles.StandardOptions;
using static Connectors.JamAI.JamAIOptionValues;

namespace Connectors.JamAI;

/// <summary>Everything the JamAI Base gateway does differently from the common chat-completions API, in one place.</summary>
internal static class JamAIProfile
{
    internal const string RagParamsKey = "rag_params";
    internal const string LogitBiasKey = "logit_bias";
    internal const string UserKey = "user";
    internal const string ChatIdKey = "id";
    internal const string ChoiceCountKey = "n";
    internal const string ThinkingBudgetKey = "thinking_budget";
    internal const string ReasoningSummaryKey = "reasoning_summary";
    internal const string RequestIdKey = Core.ChatCompletionsEngine.RequestIdKey;
    internal const float MinTemperature = 0.001f;
    internal const float MaxTemperature = 2f;
    internal const float MinTopP = 0.001f;
    internal const int MaxFunctionNameLength = 64;

    private static readonly JsonElement AutoContainer = JsonDocument.Parse("""{"type":"auto"}""").RootElement.Clone();

    // Rows the gateway would drop silently are dropped here with a log: none of them changes what a correct reply is.
    private static readonly OptionTable Table = new(
    [
        Temperature.Converted(static (value, _) => Math.Clamp((float)value, MinTemperature, MaxTemperature)),
        TopP.Converted(static (value, _) => Math.Clamp((float)value, MinTopP, 1f)),
        TopK.Dropped("the gateway does not take top_k"),
        FrequencyPenalty,
        PresencePenalty,

        // max_tokens is understood by every gateway version (max_completion_tokens only by newer ones).
        MaxOutputTokens.Renamed("max_tokens").Checked(static n => n >= 1, "ChatOptions.MaxOutputTokens must be at least 1."),
        Seed.Dropped("the gateway does not take a seed"),
        StopSequences.Converted(static (value, _) => ((IList<string>)value).Where(static s => !string.IsNullOrEmpty(s)).ToList() is { Count: > 0 } stop ? stop : null),
        ResponseFormat.Converted(static (value, _) => value is ChatResponseFormatJson
            ? throw new NotSupportedException("JamAI Base drops response_format, so JSON mode or a JSON schema cannot be requested: describe the format in the instructions and validate the reply instead.")
            : null), // plain text is the default anyway
        Tools.Converted(static (value, input) => ToolMapper.ToWire((IList<AITool>)value, ConvertTool, input.Provider)),
        ToolMode,
        AllowMultipleToolCalls.Dropped("the gateway does not take parallel_tool_calls"),

        // None disables thinking ("disable", understood by every provider behind the gateway); ExtraHigh is sent as high.
        Effort.Converted(static (value, input) => (ReasoningEffort)value == ReasoningEffort.None ? "disable" : Effort.Convert!(value, input)),
        Summary.Sent(static (value, _) => (ReasoningOutput)value switch
        {
            ReasoningOutput.None => null,
            ReasoningOutput.Full => "detailed",
            _ => "auto",
        }),
        ConversationId,
        AllowBackgroundResponses,
        ContinuationToken,

        OptionRow.Vendor(RagParamsKey, static (value, _) => RagParams(value)),
        OptionRow.Vendor(LogitBiasKey, static (value, _) => LogitBias(value)),
        OptionRow.Vendor(UserKey, static (value, _) => NonEmptyString(value, UserKey)),
        OptionRow.Vendor(ChatIdKey).Dropped("the server always replaces the chat id with its own request id"),
        OptionRow.Vendor(ChoiceCountKey, static (value, _) => (int)Integer(value, ChoiceCountKey, min: 1, max: 128)),
        OptionRow.Vendor(ThinkingBudgetKey, static (value, _) => Integer(value, ThinkingBudgetKey, min: 0, max: int.MaxValue)),
        OptionRow.Vendor(ReasoningSummaryKey),
    ]);

    private static readonly MessageRules Messages = new()
    {
        // The gateway has no tool role: earlier tool turns are folded into text (format in JamAIChatClient's remarks).
        Prepare = static messages => ToolTurnFolder.NeedsFolding(messages) ? ToolTurnFolder.Fold(messages) : messages,
        ConvertContent = static (content, _) => content switch
        {
            UriContent uri when uri.HasTopLevelMediaType("image") && uri.Uri.IsAbsoluteUri && uri.Uri.Scheme != Uri.UriSchemeHttps && uri.Uri.Scheme != Uri.UriSchemeHttp =>
                throw new NotSupportedException($"JamAI takes images by https URL or as bytes (DataContent), not by a '{uri.Uri.Scheme}' URI."),
            DataContent audio when audio.HasTopLevelMediaType("audio") => AudioFormat(audio.MediaType) is { } format
                ? new WireContentPart { Type = "input_audio", InputAudio = new WireInputAudio { Data = Convert.ToBase64String(audio.Data.Span), Format = format } }
                : throw new NotSupportedException($"JamAI takes audio as mp3 or wav, not '{audio.MediaType}'."),
            _ => null,
        },
        AuthorName = SanitizeName,
    };

    public static ChatServiceProfile Create(JamAIClientOptions options)
    {
        var headers = new List<KeyValuePair<string, string>>(2);
        if (!string.IsNullOrEmpty(options.ProjectId))
        {
            headers.Add(new("X-PROJECT-ID", options.ProjectId));
        }

        if (!string.IsNullOrEmpty(options.UserId))
        {
            headers.Add(new("X-USER-ID", options.UserId));
        }

        var idle = TimeSpan.FromSeconds(120);
        return new()
        {
            ProviderName = "jamai",
            DefaultModelId = string.IsNullOrEmpty(options.DefaultModelId) ? null : options.DefaultModelId, // null: the gateway picks a capable model
            Transport = new ServiceTransport
            {
                Endpoint = options.Endpoint,
                ChatPath = "v1/chat/completions",
                BearerToken = options.Token,
                Headers = headers,
                RequestIdHeader = "X-REQUEST-ID",
                StreamUsage = false, // the gateway drops stream_options; usage arrives on the last chunk anyway
                RequestTimeout = options.RequestTimeout,
                StreamIdleTimeout = options.RequestTimeout < idle && options.RequestTimeout != Timeout.InfiniteTimeSpan ? options.RequestTimeout : idle,
                Resilience = options.Resilience,
                StreamsToolCalls = options.StreamToolCalls,
                NewChunkIdRestartsAnswer = true,
            },
            Options = Table,
            Messages = Messages,
            Interpreter = static _ => new JamAIReplyInterpreter(),
        };
    }

    /// <summary>Function schemas flattened to the gateway's one-level shape; the gateway's own web search and code interpreter.</summary>
    private static WireTool? ConvertTool(AITool tool) => tool switch
    {
        AIFunctionDeclaration function => new WireTool
        {
            Function = new WireFunctionDefinition
            {
                Name = CheckName(function.Name),
                Description = string.IsNullOrWhiteSpace(function.Description) ? null : function.Description,
                Parameters = ToolSchemaFlattener.Flatten(function.JsonSchema),
            },
        },
        HostedWebSearchTool => new WireTool { Type = "web_search" },
        HostedCodeInterpreterTool => new WireTool { Type = "code_interpreter", ExtraFields = new() { ["container"] = AutoContainer } },
        _ => null,
    };
}
