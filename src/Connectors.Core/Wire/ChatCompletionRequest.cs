using System.Text.Json;
using System.Text.Json.Serialization;

namespace Connectors.Core.Wire;

/// <summary>The body of <c>POST /chat/completions</c>; unset fields are omitted, never written as null.</summary>
internal sealed class ChatCompletionRequest
{
    [JsonPropertyName("model")]
    public string? Model { get; set; }

    [JsonPropertyName("messages")]
    public List<WireMessage> Messages { get; set; } = [];

    [JsonPropertyName("max_tokens")]
    public int? MaxTokens { get; set; }

    [JsonPropertyName("max_completion_tokens")]
    public int? MaxCompletionTokens { get; set; }

    [JsonPropertyName("temperature")]
    public float? Temperature { get; set; }

    [JsonPropertyName("top_p")]
    public float? TopP { get; set; }

    [JsonPropertyName("top_k")]
    public int? TopK { get; set; }

    [JsonPropertyName("frequency_penalty")]
    public float? FrequencyPenalty { get; set; }

    [JsonPropertyName("presence_penalty")]
    public float? PresencePenalty { get; set; }

    [JsonPropertyName("stop")]
    public List<string>? Stop { get; set; }

    [JsonPropertyName("seed")]
    public long? Seed { get; set; }

    [JsonPropertyName("n")]
    public int? N { get; set; }

    [JsonPropertyName("response_format")]
    public WireResponseFormat? ResponseFormat { get; set; }

    [JsonPropertyName("tools")]
    public List<WireTool>? Tools { get; set; }

    [JsonPropertyName("tool_choice")]
    public JsonElement? ToolChoice { get; set; }

    [JsonPropertyName("parallel_tool_calls")]
    public bool? ParallelToolCalls { get; set; }

    [JsonPropertyName("reasoning_effort")]
    public string? ReasoningEffort { get; set; }

    [JsonPropertyName("stream")]
    public bool? Stream { get; set; }

    [JsonPropertyName("stream_options")]
    public WireStreamOptions? StreamOptions { get; set; }

    /// <summary>Dialect fields and caller-supplied extras, written as top-level fields.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtraFields { get; set; }

    /// <summary>Whether a typed field with this JSON name holds a value (so an extra of the same name must not be written).</summary>
    public bool IsTypedFieldSet(string jsonName) => jsonName switch
    {
        "model" => Model is not null,
        "messages" => true,
        "max_tokens" => MaxTokens is not null,
        "max_completion_tokens" => MaxCompletionTokens is not null,
        "temperature" => Temperature is not null,
        "top_p" => TopP is not null,
        "top_k" => TopK is not null,
        "frequency_penalty" => FrequencyPenalty is not null,
        "presence_penalty" => PresencePenalty is not null,
        "stop" => Stop is not null,
        "seed" => Seed is not null,
        "n" => N is not null,
        "response_format" => ResponseFormat is not null,
        "tools" => Tools is not null,
        "tool_choice" => ToolChoice is not null,
        "parallel_tool_calls" => ParallelToolCalls is not null,
        "reasoning_effort" => ReasoningEffort is not null,
        "stream" => Stream is not null,
        "stream_options" => StreamOptions is not null,
        _ => false,
    };

    /// <summary>Sets a top-level field that has no typed property.</summary>
    public void SetExtraField(string name, JsonElement value) => (ExtraFields ??= new(StringComparer.Ordinal))[name] = value;

    /// <summary>Whether an extra field of this name is present.</summary>
    public bool HasExtraField(string name) => ExtraFields?.ContainsKey(name) == true;
}

internal sealed class WireStreamOptions
{
    [JsonPropertyName("include_usage")]
    public bool? IncludeUsage { get; set; }
}

internal sealed class WireResponseFormat
{
    [JsonPropertyName("type")]
    public required string Type { get; set; }

    [JsonPropertyName("json_schema")]
    public WireJsonSchema? JsonSchema { get; set; }
}

internal sealed class WireJsonSchema
{
    [JsonPropertyName("name")]
    public required string Name { get; set; }

    [JsonPropertyName("description")]
    public string? Description { get; set; }

    [JsonPropertyName("schema")]
    public JsonElement? Schema { get; set; }

    [JsonPropertyName("strict")]
    public bool? Strict { get; set; }
}
