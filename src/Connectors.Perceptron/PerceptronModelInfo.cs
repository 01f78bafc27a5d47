using System.Text.Json;

namespace Connectors.Perceptron;

/// <summary>A model as <c>GET /models?extended=true</c> describes it. Lists are open: unknown values are kept.</summary>
public sealed class PerceptronModelInfo
{
    private PerceptronModelInfo(string id) => Id = id;

    /// <summary>The model id to send, such as <c>isaac-0.2-2b-preview</c>.</summary>
    public string Id { get; }

    /// <summary>The display name.</summary>
    public string? Name { get; private init; }

    /// <summary>What the model is for.</summary>
    public string? Description { get; private init; }

    /// <summary>Capabilities such as <c>tool_calling</c>, <c>regex</c>, <c>response_format_json_schema</c>.</summary>
    public IReadOnlyList<string> Capabilities { get; private init; } = [];

    /// <summary>Input modalities such as <c>text</c>, <c>image</c>, <c>video</c>.</summary>
    public IReadOnlyList<string> Modalities { get; private init; } = [];

    /// <summary>Grounded output formats: <c>point</c>, <c>box</c>, <c>polygon</c>, <c>clip</c>.</summary>
    public IReadOnlyList<string> OutputFormats { get; private init; } = [];

    /// <summary>Sampling parameters the model honours.</summary>
    public IReadOnlyList<string> SamplingParameters { get; private init; } = [];

    /// <summary>Whether the model can reason.</summary>
    public bool ReasoningSupported { get; private init; }

    /// <summary>Whether the model always reasons.</summary>
    public bool ReasoningAlwaysEnabled { get; private init; }

    /// <summary>The context window in tokens (input and output together), when given.</summary>
    public long? MaxContextTokens { get; private init; }

    /// <summary>The largest answer in tokens, when given.</summary>
    public long? MaxOutputTokens { get; private init; }

    /// <inheritdoc />
    public override string ToString() => $"{Id} (context {MaxContextTokens?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}, output {MaxOutputTokens?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"})";

    internal static PerceptronModelInfo? TryRead(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var reasoning = item.TryGetProperty("reasoning", out var r) && r.ValueKind == JsonValueKind.Object ? r : default;
        return new PerceptronModelInfo(id.GetString()!)
        {
            Name = Text(item, "name"),
            Description = Text(item, "description"),
            Capabilities = Strings(item, "capabilities"),
            Modalities = Strings(item, "modalities"),
            OutputFormats = Strings(item, "output_formats"),
            SamplingParameters = Strings(item, "sampling_parameters"),
            ReasoningSupported = Flag(reasoning, "supported"),
            ReasoningAlwaysEnabled = Flag(reasoning, "always_enabled"),
            MaxContextTokens = Number(item, "max_context_tokens"),
            MaxOutputTokens = Number(item, "max_output_tokens"),
        };
    }

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Number(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : null;

    private static bool Flag(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static string[] Strings(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Where(static v => v.ValueKind == JsonValueKind.String).Select(static v => v.GetString()!)]
            : [];
}
