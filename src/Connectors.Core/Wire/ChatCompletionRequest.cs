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

    [JsonPropertyName("stream")]
    public bool? Stream { get; set; }

    [JsonPropertyName("stream_options")]
    public WireStreamOptions? StreamOptions { get; set; }

    /// <summary>Every option field, in the order the service's option table wrote them; values are wire types or JSON.</summary>
    [JsonExtensionData]
    public Dictionary<string, object>? Fields { get; set; }

    /// <summary>Sets a top-level field, replacing one of the same name.</summary>
    public void SetField(string name, object value) => (Fields ??= new(StringComparer.Ordinal))[name] = value;

    /// <summary>Whether a field of this name is set.</summary>
    public bool HasField(string name) => Fields?.ContainsKey(name) == true;

    /// <summary>The value of a field, or null.</summary>
    public object? Field(string name) => Fields?.GetValueOrDefault(name);
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

/// <summary><c>tool_choice</c> naming the one function to call.</summary>
internal sealed class WireToolChoice
{
    [JsonPropertyName("type")]
    public string Type { get; set; } = "function";

    [JsonPropertyName("function")]
    public required WireToolChoiceFunction Function { get; set; }
}

internal sealed class WireToolChoiceFunction
{
    [JsonPropertyName("name")]
    public required string Name { get; set; }
}
