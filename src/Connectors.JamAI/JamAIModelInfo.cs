using System.Text.Json;
using System.Text.Json.Serialization;

namespace Connectors.JamAI;

/// <summary>A model the gateway offers (one entry of <c>GET v1/models</c>).</summary>
public sealed class JamAIModelInfo
{
    /// <summary>The model id to put in <see cref="Microsoft.Extensions.AI.ChatOptions.ModelId"/>, such as <c>openai/gpt-4o-mini</c>.</summary>
    [JsonPropertyName("id")]
    public string Id { get; init => field = value ?? string.Empty; } = string.Empty;

    /// <summary>The model type, such as <c>llm</c>, <c>embed</c> or <c>rerank</c>.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    /// <summary>The display name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>Who provides the model.</summary>
    [JsonPropertyName("owned_by")]
    public string? OwnedBy { get; init; }

    /// <summary>What the model can do: <c>chat</c>, <c>tool</c>, <c>image</c>, <c>reasoning</c> and so on.</summary>
    [JsonPropertyName("capabilities")]
    public IReadOnlyList<string> Capabilities { get; init => field = value ?? []; } = [];

    /// <summary>The context window in tokens.</summary>
    [JsonPropertyName("context_length")]
    public long? ContextLength { get; init; }

    /// <summary>The largest output in tokens.</summary>
    [JsonPropertyName("max_output_tokens")]
    public long? MaxOutputTokens { get; init; }

    /// <summary>Further fields the gateway reported (prices, languages, ...).</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
