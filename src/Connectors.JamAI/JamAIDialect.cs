using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Core;
using Connectors.Core.Requests;
using Connectors.Core.Responses;
using Connectors.Core.Wire;
using Microsoft.Extensions.AI;

namespace Connectors.JamAI;

/// <summary>The JamAI Base gateway's rules: headers, vendor fields, flat tool schemas, folded tool turns, references.</summary>
internal sealed class JamAIDialect : ChatCompletionsDialect
{
    internal const string RagParamsKey = "rag_params";
    internal const string LogitBiasKey = "logit_bias";
    internal const string UserKey = "user";
    internal const string ChatIdKey = "id";
    internal const string ChoiceCountKey = "n";
    internal const string ThinkingBudgetKey = "thinking_budget";
    internal const string ReasoningSummaryKey = "reasoning_summary";
    internal const string RequestIdKey = "request_id";
    internal const float MinTemperature = 0.001f;
    internal const float MaxTemperature = 2f;
    internal const float MinTopP = 0.001f;
    private const string ReferencesKey = "references";
    private const int MaxFunctionNameLength = 64;

    private static readonly JsonElement AutoContainer = JsonDocument.Parse("""{"type":"auto"}""").RootElement.Clone();

    private readonly JamAIClientOptions _options;

    public JamAIDialect(JamAIClientOptions options)
    {
        _options = options;
    }

    public override string ProviderName => "jamai";

    public override Uri Endpoint => _options.Endpoint;

    public override string? DefaultModelId => string.IsNullOrEmpty(_options.DefaultModelId) ? null : _options.DefaultModelId;

    public override string ChatPath => "v1/chat/completions";

    // The gateway drops stream_options; usage arrives on the last chunk anyway.
    public override bool RequestsStreamUsage => false;

    public override TimeSpan RequestTimeout => _options.RequestTimeout;

    public override ChatResilienceOptions Resilience => _options.Resilience;

    public override TimeSpan StreamIdleTimeout => _options.RequestTimeout < base.StreamIdleTimeout && _options.RequestTimeout != Timeout.InfiniteTimeSpan ? _options.RequestTimeout : base.StreamIdleTimeout;

    public override bool ConsumesOption(string key) =>
        key is RagParamsKey or LogitBiasKey or UserKey or ChatIdKey or ChoiceCountKey or ThinkingBudgetKey;

    public override IEnumerable<ChatMessage> PrepareMessages(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        return ToolTurnFolder.NeedsFolding(list) ? ToolTurnFolder.Fold(list) : list;
    }

    public override WireContentPart? ConvertContent(AIContent content, ChatRole role)
    {
        switch (content)
        {
            case UriContent uri when uri.HasTopLevelMediaType("image") && uri.Uri.IsAbsoluteUri && uri.Uri.Scheme != Uri.UriSchemeHttps && uri.Uri.Scheme != Uri.UriSchemeHttp:
                throw new NotSupportedException($"JamAI takes images by https URL or as bytes (DataContent), not by a '{uri.Uri.Scheme}' URI.");
            case DataContent audio when audio.HasTopLevelMediaType("audio") && AudioFormat(audio.MediaType) is null:
                throw new NotSupportedException($"JamAI takes audio as mp3 or wav, not '{audio.MediaType}'.");
            case DataContent audio when audio.HasTopLevelMediaType("audio"):
                return new WireContentPart { Type = "input_audio", InputAudio = new WireInputAudio { Data = Convert.ToBase64String(audio.Data.Span), Format = AudioFormat(audio.MediaType)! } };
            default:
                return null;
        }
    }

    public override WireTool? ConvertTool(AITool tool) => tool switch
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

    /// <summary>None disables thinking (<c>disable</c>, understood by every provider behind the gateway); ExtraHigh is sent as <c>high</c>.</summary>
    public override string? MapReasoningEffort(ReasoningEffort effort) => effort switch
    {
        ReasoningEffort.None => "disable",
        ReasoningEffort.Low => "low",
        ReasoningEffort.Medium => "medium",
        _ => "high",
    };

    public override void ConfigureRequest(ChatCompletionRequest request, ChatRequestContext context)
    {
        var options = context.Options;
        if (options?.ResponseFormat is ChatResponseFormatJson)
        {
            throw new NotSupportedException(
                "JamAI Base drops response_format, so JSON mode or a JSON schema cannot be requested: describe the format in the instructions and validate the reply instead.");
        }

        request.ResponseFormat = null; // plain text is the default anyway

        // max_tokens is understood by every gateway version (max_completion_tokens only by newer ones).
        if (request.MaxCompletionTokens is { } maxTokens)
        {
            if (maxTokens < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(context), maxTokens, "ChatOptions.MaxOutputTokens must be at least 1.");
            }

            request.MaxTokens = maxTokens;
            request.MaxCompletionTokens = null;
        }

        request.Temperature = request.Temperature is { } t ? Math.Clamp(t, MinTemperature, MaxTemperature) : null;
        request.TopP = request.TopP is { } p ? Math.Clamp(p, MinTopP, 1f) : null;

        // Fields the gateway would drop silently; none of them changes what a correct reply is.
        request.TopK = null;
        request.Seed = null;
        request.ParallelToolCalls = null;
        request.StreamOptions = null;

        if (string.IsNullOrEmpty(request.Model))
        {
            request.Model = null; // the gateway picks a model with the needed capabilities
        }

        if (request.Stop is { } stop)
        {
            stop.RemoveAll(string.IsNullOrEmpty);
            request.Stop = stop.Count > 0 ? stop : null;
        }

        foreach (var message in request.Messages)
        {
            message.Name = SanitizeName(message.Name);
            message.ToolCalls = null;
            message.ToolCallId = null;
        }

        if (options?.Reasoning?.Output is { } output && output != ReasoningOutput.None && options.AdditionalProperties?.ContainsKey(ReasoningSummaryKey) != true)
        {
            request.SetExtraField(ReasoningSummaryKey, JsonValueWriter.ToElement(output == ReasoningOutput.Full ? "detailed" : "auto", ReasoningSummaryKey));
        }

        if (options?.AdditionalProperties is not { Count: > 0 } extras)
        {
            return;
        }

        if (Value(extras, RagParamsKey) is { } rag)
        {
            request.SetExtraField(RagParamsKey, RagElement(rag));
        }

        if (Value(extras, LogitBiasKey) is { } bias && LogitBiasElement(bias) is { } biasElement)
        {
            request.SetExtraField(LogitBiasKey, biasElement);
        }

        if (Value(extras, UserKey) is { } user)
        {
            request.SetExtraField(UserKey, JsonValueWriter.ToElement(NonEmptyString(user, UserKey), UserKey));
        }

        if (Value(extras, ChatIdKey) is { } chatId)
        {
            request.SetExtraField(ChatIdKey, JsonValueWriter.ToElement(NonEmptyString(chatId, ChatIdKey), ChatIdKey));
        }

        if (Value(extras, ChoiceCountKey) is { } n)
        {
            request.N = (int)Integer(n, ChoiceCountKey, min: 1, max: 128);
        }

        if (Value(extras, ThinkingBudgetKey) is { } budget)
        {
            request.SetExtraField(ThinkingBudgetKey, JsonValueWriter.ToElement(Integer(budget, ThinkingBudgetKey, min: 0, max: int.MaxValue), ThinkingBudgetKey));
        }
    }

    public override void ApplyHeaders(HttpRequestMessage request, ChatRequestContext context)
    {
        if (!string.IsNullOrEmpty(_options.Token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.Token);
        }

        if (!string.IsNullOrEmpty(_options.ProjectId))
        {
            request.Headers.TryAddWithoutValidation("X-PROJECT-ID", _options.ProjectId);
        }

        if (!string.IsNullOrEmpty(_options.UserId))
        {
            request.Headers.TryAddWithoutValidation("X-USER-ID", _options.UserId);
        }

        context.RequestId ??= NewRequestId();
        request.Headers.TryAddWithoutValidation("X-REQUEST-ID", context.RequestId);
    }

    public override string Redact(string text) =>
        string.IsNullOrEmpty(_options.Token) ? text : text.Replace(_options.Token, "***", StringComparison.Ordinal);

    public override void OnResponse(ChatResponse response, ChatCompletionResponse wire, ChatRequestContext context)
    {
        if (context.RequestId is not null)
        {
            (response.AdditionalProperties ??= [])[RequestIdKey] = context.RequestId;
        }

        if (ReadReferences(wire) is not { } references)
        {
            return;
        }

        var choices = response.AdditionalProperties?.TryGetValue(ResponseMapper.ChoicesKey, out var value) == true && value is IEnumerable<ChatMessage> all
            ? all
            : response.Messages;
        foreach (var message in choices.Distinct(ReferenceEqualityComparer.Instance).Cast<ChatMessage>())
        {
            message.Contents.Insert(0, new JamAIReferencesContent(references));
            JamAIResponseExtensions.ApplyCitations(message, references);
        }
    }

    public override StreamInterpreter? CreateStreamInterpreter(ChatRequestContext context) => new JamAIStreamInterpreter(context.RequestId);

    /// <summary>
    /// Reads <c>references</c> from a reply, or the chunks of a <c>chat.references</c> stream event. Malformed
    /// references (not an object, a chunk that is null) are ignored: the answer is still good, and dropping one
    /// chunk would shift the indexes its <c>[@n]</c> markers cite.
    /// </summary>
    internal static JamAIReferences? ReadReferences(ChatCompletionResponse wire) =>
        ReadReferencesOrNull(wire) is { } references && !references.Chunks.Any(chunk => chunk is null) ? references : null;

    private static JamAIReferences? ReadReferencesOrNull(ChatCompletionResponse wire)
    {
        var extra = wire.ExtraFields;
        if (extra is null)
        {
            return null;
        }

        try
        {
            if (extra.TryGetValue(ReferencesKey, out var references) && references.ValueKind == JsonValueKind.Object)
            {
                return references.Deserialize(JamAIJsonContext.Default.JamAIReferences);
            }

            if (wire.Object == "chat.references" && extra.TryGetValue("chunks", out var chunks) && chunks.ValueKind == JsonValueKind.Array)
            {
                return new JamAIReferences
                {
                    Chunks = chunks.Deserialize(JamAIJsonContext.Default.IReadOnlyListJamAIChunk) ?? [],
                    SearchQuery = extra.TryGetValue("search_query", out var query) && query.ValueKind == JsonValueKind.String ? query.GetString() : null,
                };
            }
        }
        catch (JsonException)
        {
            // References the gateway wrote in an unexpected shape: the answer itself is still good.
        }

        return null;
    }

    internal static string NewRequestId() => $"req_{Guid.NewGuid():N}";

    private static object? Value(AdditionalPropertiesDictionary extras, string key) =>
        extras.TryGetValue(key, out var value) && value is not null && !(value is JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined }) ? value : null;

    private static JsonElement RagElement(object value)
    {
        if (value is RagParams typed)
        {
            typed.Validate();
            return JsonSerializer.SerializeToElement(typed, JamAIJsonContext.Default.RagParams);
        }

        // A JsonElement, JsonNode or dictionary (Semantic Kernel extension data): drop nulls, check the table id.
        var element = WithoutNulls(JsonValueWriter.ToElement(value, RagParamsKey));
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"ChatOptions.AdditionalProperties['{RagParamsKey}'] must be a RagParams or a JSON object, not {element.ValueKind}.", nameof(value));
        }

        if (!element.TryGetProperty("table_id", out var table) || table.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(table.GetString()))
        {
            throw new ArgumentException($"ChatOptions.AdditionalProperties['{RagParamsKey}'] needs a non-empty string 'table_id' (the Knowledge Table to search).", nameof(value));
        }

        return element;
    }

    private static JsonElement? LogitBiasElement(object value)
    {
        var entries = new List<KeyValuePair<string, double>>();
        switch (value)
        {
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    entries.Add(new(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty, ToDouble(entry.Value)));
                }

                break;
            default:
                var element = JsonValueWriter.ToElement(value, LogitBiasKey);
                if (element.ValueKind != JsonValueKind.Object)
                {
                    throw new ArgumentException($"ChatOptions.AdditionalProperties['{LogitBiasKey}'] must map token ids to biases, not be {element.ValueKind}.", nameof(value));
                }

                foreach (var property in element.EnumerateObject())
                {
                    entries.Add(new(property.Name, property.Value.ValueKind == JsonValueKind.Number ? property.Value.GetDouble() : double.NaN));
                }

                break;
        }

        if (entries.Count == 0)
        {
            return null; // an empty bias is the default: omit it
        }

        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (token, bias) in entries)
            {
                if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out _) || double.IsNaN(bias) || bias is < -100 or > 100)
                {
                    throw new ArgumentException($"logit_bias maps token ids (non-negative integers) to biases between -100 and 100; '{token}' → {bias} is not valid.", nameof(value));
                }

                writer.WriteNumber(token, bias);
            }

            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();

        static double ToDouble(object? number) => number switch
        {
            JsonElement { ValueKind: JsonValueKind.Number } e => e.GetDouble(),
            IConvertible convertible when number is not string => convertible.ToDouble(CultureInfo.InvariantCulture),
            _ => double.NaN,
        };
    }

    private static string NonEmptyString(object value, string key) => value switch
    {
        string { Length: > 0 } text => text,
        JsonElement { ValueKind: JsonValueKind.String } e when !string.IsNullOrEmpty(e.GetString()) => e.GetString()!,
        JsonNode node when node.GetValueKind() == JsonValueKind.String && !string.IsNullOrEmpty(node.GetValue<string>()) => node.GetValue<string>(),
        _ => throw new ArgumentException($"ChatOptions.AdditionalProperties['{key}'] must be a non-empty string.", nameof(value)),
    };

    private static long Integer(object value, string key, long min, long max)
    {
        long? number = value switch
        {
            int i => i,
            long l => l,
            short s => s,
            byte b => b,
            uint u => u,
            JsonElement { ValueKind: JsonValueKind.Number } e when e.TryGetInt64(out var n) => n,
            JsonNode node when node.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue<long>(out var n) => n,
            string text when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
            _ => null,
        };

        return number is { } valid && valid >= min && valid <= max
            ? valid
            : throw new ArgumentException($"ChatOptions.AdditionalProperties['{key}'] must be an integer from {min} to {max}, not '{value}'.", nameof(value));
    }

    private static JsonElement WithoutNulls(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return element;
        }

        var node = JsonNode.Parse(element.GetRawText())!.AsObject();
        foreach (var name in node.Where(static p => p.Value is null).Select(static p => p.Key).ToList())
        {
            node.Remove(name);
        }

        return JsonValueWriter.ToElement(node, RagParamsKey);
    }

    private static string? AudioFormat(string mediaType) => mediaType.ToLowerInvariant() switch
    {
        "audio/mpeg" or "audio/mp3" => "mp3",
        "audio/wav" or "audio/x-wav" or "audio/wave" => "wav",
        _ => null,
    };

    private static string CheckName(string name) =>
        name.Length is > 0 and <= MaxFunctionNameLength
            ? name
            : throw new ArgumentException($"JamAI accepts function names of 1 to {MaxFunctionNameLength} characters; '{name}' has {name.Length}.", nameof(name));

    /// <summary>The gateway turns characters outside <c>[a-zA-Z0-9_-]</c> into <c>_</c>; doing it here keeps the request honest.</summary>
    internal static string? SanitizeName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        var text = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            text.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        }

        return text.ToString();
    }
}

/// <summary>Captures the <c>chat.references</c> event and stamps the request id on every update.</summary>
internal sealed class JamAIStreamInterpreter : StreamInterpreter
{
    private readonly string? _requestId;
    private bool _referencesSeen;

    public JamAIStreamInterpreter(string? requestId)
    {
        _requestId = requestId;
    }

    public override void OnChunk(ChatCompletionResponse chunk, ChatResponseUpdate update)
    {
        Stamp(update);
        if (!_referencesSeen && JamAIDialect.ReadReferences(chunk) is { } references)
        {
            _referencesSeen = true;
            update.Contents.Insert(0, new JamAIReferencesContent(references));
        }
    }

    public override void OnCompleted(ChatResponseUpdate finalUpdate) => Stamp(finalUpdate);

    private void Stamp(ChatResponseUpdate update)
    {
        if (_requestId is not null)
        {
            (update.AdditionalProperties ??= [])[JamAIDialect.RequestIdKey] = _requestId;
        }
    }
}
