using System.Text.Json;

namespace Connectors.Emulator.Chat.Tools;

/// <summary>A function tool as the request declared it: what the emulator's model reads to decide on a call.</summary>
internal sealed record ToolDeclaration(string Name, string Description, IReadOnlyList<ToolParameter> Parameters)
{
    /// <summary>Reads a <c>{"type":"function","function":{...}}</c> entry; null for other tool kinds or a malformed one.</summary>
    public static ToolDeclaration? Read(JsonElement tool)
    {
        if (tool.ValueKind != JsonValueKind.Object || !tool.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object
            || !function.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var parameters = new List<ToolParameter>();
        if (function.TryGetProperty("parameters", out var schema) && schema.ValueKind == JsonValueKind.Object
            && schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            var required = schema.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.Array
                ? r.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToHashSet(StringComparer.Ordinal)
                : [];
            foreach (var property in properties.EnumerateObject())
            {
                parameters.Add(ToolParameter.Read(property.Name, property.Value, required.Contains(property.Name)));
            }
        }

        return new ToolDeclaration(name.GetString()!, String(function, "description"), parameters);
    }

    internal static string String(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
}

/// <summary>One parameter of a tool's (flat) JSON schema.</summary>
internal sealed record ToolParameter(string Name, string Type, string Description, IReadOnlyList<string> Choices, bool Required)
{
    public static ToolParameter Read(string name, JsonElement schema, bool required)
    {
        var type = schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("type", out var t)
            ? t.ValueKind == JsonValueKind.String ? t.GetString()! : t.ValueKind == JsonValueKind.Array ? t.EnumerateArray().Select(x => x.GetString()).FirstOrDefault(x => x is not null and not "null") ?? "string" : "string"
            : "string";
        IReadOnlyList<string> choices = schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("enum", out var e) && e.ValueKind == JsonValueKind.Array
            ? [.. e.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!)]
            : [];
        return new ToolParameter(name, type, ToolDeclaration.String(schema, "description"), choices, required);
    }
}
