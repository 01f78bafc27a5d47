using System.Text.Json;
using System.Text.Json.Serialization;

namespace Connectors.Core.Wire;

/// <summary>A non-streamed reply, and (with <see cref="WireChoice.Delta"/>) a streamed chunk: both share one shape.</summary>
internal sealed class ChatCompletionResponse
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("object")]
    public string? Object { get; set; }

    [JsonPropertyName("created")]
    public long? Created { get; set; }

    [JsonPropertyName("model")]
    public string? Model { get; set; }

    [JsonPropertyName("choices")]
    public WireChoice[]? Choices { get; set; }

    [JsonPropertyName("usage")]
    public WireUsage? Usage { get; set; }

    /// <summary>An error reported in a 200 body or as an SSE event after the stream began.</summary>
    [JsonPropertyName("error")]
    public JsonElement? Error { get; set; }

    /// <summary>Dialect fields such as JamAI's <c>references</c>.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtraFields { get; set; }
}

internal sealed class WireChoice
{
    [JsonPropertyName("index")]
    public int Index { get; set; }

    [JsonPropertyName("message")]
    public WireResponseMessage? Message { get; set; }

    [JsonPropertyName("delta")]
    public WireResponseMessage? Delta { get; set; }

    [JsonPropertyName("finish_reason")]
    public string? FinishReason { get; set; }
}

internal sealed class WireResponseMessage
{
    [JsonPropertyName("role")]
    public string? Role { get; set; }

    [JsonPropertyName("content")]
    public string? Content { get; set; }

    [JsonPropertyName("reasoning_content")]
    public string? ReasoningContent { get; set; }

    [JsonPropertyName("refusal")]
    public string? Refusal { get; set; }

    [JsonPropertyName("tool_calls")]
    public List<WireToolCall>? ToolCalls { get; set; }
}

internal sealed class WireUsage
{
    [JsonPropertyName("prompt_tokens")]
    public long? PromptTokens { get; set; }

    [JsonPropertyName("completion_tokens")]
    public long? CompletionTokens { get; set; }

    [JsonPropertyName("total_tokens")]
    public long? TotalTokens { get; set; }

    [JsonPropertyName("prompt_tokens_details")]
    public WireTokenDetails? PromptTokensDetails { get; set; }

    [JsonPropertyName("completion_tokens_details")]
    public WireTokenDetails? CompletionTokensDetails { get; set; }

    /// <summary>Vendor counters (for example JamAI's <c>tool_usage_details</c>), kept as additional counts.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtraFields { get; set; }
}

internal sealed class WireTokenDetails
{
    [JsonPropertyName("cached_tokens")]
    public long? CachedTokens { get; set; }

    [JsonPropertyName("audio_tokens")]
    public long? AudioTokens { get; set; }

    [JsonPropertyName("reasoning_tokens")]
    public long? ReasoningTokens { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtraFields { get; set; }
}
