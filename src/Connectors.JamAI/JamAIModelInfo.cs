using System.Text.Json;
using System.Text.Json.Serialization;

namespace Connectors.JamAI;

/// <summary>A model the gateway offers (one entry of <c>GET v1/models</c>).</summary>
public sealed class JamAIModelInfo
{
    // Made by the client from the gateway's model list.
    [JsonConstructor]
    internal JamAIModelInfo()
    {
    }

    /// <summary>The model id to put in <see cref="Microsoft.Extensions.AI.ChatOptions.ModelId"/>, such as <c>openai/gpt-4o-mini</c>.</summary>
    [JsonPropertyName("id")]
    [JsonInclude]
    public string Id { get; internal init => field = value ?? string.Empty; } = string.Empty;

    /// <summary>The model type, such as <c>llm</c>, <c>embed</c> or <c>rerank</c>.</summary>
    [JsonPropertyName("type")]
    [JsonInclude]
    public string? Type { get; internal init; }

    /// <summary>The display name.</summary>
    [JsonPropertyName("name")]
    [JsonInclude]
    public string? Name { get; internal init; }

    /// <summary>Who provides the model.</summary>
    [JsonPropertyName("owned_by")]
    [JsonInclude]
    public string? OwnedBy { get; internal init; }

    /// <summary>What the model can do: <c>chat</c>, <c>tool</c>, <c>image</c>, <c>reasoning</c> and so on.</summary>
    [JsonPropertyName("capabilities")]
    [JsonInclude]
    public IReadOnlyList<string> Capabilities { get; internal init => field = value ?? []; } = [];

    /// <summary>The context window in tokens.</summary>
    [JsonPropertyName("context_length")]
    [JsonInclude]
    public long? ContextLength { get; internal init; }

    /// <summary>The largest output in tokens.</summary>
    [JsonPropertyName("max_output_tokens")]
    [JsonInclude]
    public long? MaxOutputTokens { get; internal init; }

    /// <summary>Further fields the gateway reported (prices, languages, ...).</summary>
    [JsonExtensionData]
    [JsonInclude]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; internal set; }
}
