using System.Text.Json;
using System.Text.Json.Serialization;

namespace Connectors.Core.Wire;

/// <summary>A tool offered to the model.</summary>
internal sealed class WireTool
{
    [JsonPropertyName("type")]
    public string Type { get; set; } = "function";

    [JsonPropertyName("function")]
    public WireFunctionDefinition? Function { get; set; }

    /// <summary>Fields of non-function tools, such as a code interpreter's <c>container</c>.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtraFields { get; set; }
}

internal sealed class WireFunctionDefinition
{
    [JsonPropertyName("name")]
    public required string Name { get; set; }

    [JsonPropertyName("description")]
    public string? Description { get; set; }

    [JsonPropertyName("parameters")]
    public JsonElement? Parameters { get; set; }

    [JsonPropertyName("strict")]
    public bool? Strict { get; set; }
}

/// <summary>A tool call, whole (responses, history) or as a streamed fragment.</summary>
internal sealed class WireToolCall
{
    [JsonPropertyName("index")]
    public int? Index { get; set; }

    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("function")]
    public WireFunctionCall? Function { get; set; }
}

internal sealed class WireFunctionCall
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("arguments")]
    public string? Arguments { get; set; }
}
