using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Connectors.JamAI;

/// <summary>
/// Normalizes a JSON Schema to the flat parameter shape the gateway accepts:
/// <c>{"type":"object","properties":{name:{"type","description","enum"}},"required":[...],"additionalProperties":bool}</c>.
/// What the shape cannot hold (item types, nested fields, formats, ranges, defaults, numeric enums, further
/// union types) is written into the property's description, so the model still sees it.
/// </summary>
internal static class ToolSchemaFlattener
{
    private const int MaxDescribeDepth = 3;
    private static readonly string[] SimpleTypes = ["string", "number", "integer", "boolean", "array", "object"];

    public static JsonElement Flatten(JsonElement schema)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "object");
            writer.WriteStartObject("properties");
            var names = new HashSet<string>(StringComparer.Ordinal);
            if (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in properties.EnumerateObject())
                {
                    if (names.Add(property.Name))
                    {
                        WriteProperty(writer, property.Name, property.Value);
                    }
                }
            }

            writer.WriteEndObject();

            // The gateway requires "required" even when nothing is: the one array that may be empty.
            writer.WriteStartArray("required");
            foreach (var name in RequiredNames(schema))
            {
                if (names.Contains(name))
                {
                    writer.WriteStringValue(name);
                }
            }

            writer.WriteEndArray();
            writer.WriteBoolean("additionalProperties", schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("additionalProperties", out var additional)
                && (additional.ValueKind == JsonValueKind.True || additional.ValueKind == JsonValueKind.Object));
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static IEnumerable<string> RequiredNames(JsonElement schema)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in required.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String && seen.Add(item.GetString()!))
                {
                    yield return item.GetString()!;
                }
            }
        }
    }

    private static void WriteProperty(Utf8JsonWriter writer, string name, JsonElement schema)
    {
        var (type, effective, otherTypes) = Resolve(schema);
        var notes = new List<string>();
        if (otherTypes.Count > 0)
        {
            notes.Add($"Also accepts: {string.Join(", ", otherTypes)}.");
        }

        List<string>? stringEnum = null;
        if (Keyword(schema, effective, "enum") is { ValueKind: JsonValueKind.Array } values)
        {
            var items = values.EnumerateArray().Where(static v => v.ValueKind != JsonValueKind.Null).ToList();
            if (type == "string" && items.Count > 0 && items.All(static v => v.ValueKind == JsonValueKind.String))
            {
                stringEnum = [.. items.Select(static v => v.GetString()!).Distinct(StringComparer.Ordinal)];
            }
            else if (items.Count > 0)
            {
                notes.Add($"Allowed values: {string.Join(", ", items.Select(Literal))}.");
            }
        }

        AddConstraintNotes(schema, effective, notes);
        if (type == "array" && Keyword(schema, effective, "items") is { ValueKind: JsonValueKind.Object } itemSchema)
        {
            notes.Add($"Items: {Describe(itemSchema, 1)}.");
        }

        if (type == "object" && Keyword(schema, effective, "properties") is { ValueKind: JsonValueKind.Object } nested)
        {
            notes.Add($"Fields: {DescribeFields(nested, Keyword(schema, effective, "required"), 1)}.");
        }

        writer.WriteStartObject(name);
        writer.WriteString("type", type);
        var description = Join(Text(schema, "description") ?? Text(effective, "description"), notes);
        if (description.Length > 0)
        {
            writer.WriteString("description", description);
        }

        if (stringEnum is { Count: > 0 })
        {
            writer.WriteStartArray("enum");
            foreach (var value in stringEnum)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    /// <summary>The single type to send, the schema that holds the details, and the other non-null types a union allowed.</summary>
    private static (string Type, JsonElement Effective, List<string> OtherTypes) Resolve(JsonElement schema)
    {
        var others = new List<string>();
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return ("string", schema, others);
        }

        if (schema.TryGetProperty("type", out var type))
        {
            if (type.ValueKind == JsonValueKind.String)
            {
                return (Normalize(type.GetString()), schema, others);
            }

            if (type.ValueKind == JsonValueKind.Array)
            {
                var names = type.EnumerateArray().Where(static t => t.ValueKind == JsonValueKind.String && t.GetString() != "null").Select(static t => Normalize(t.GetString())).Distinct(StringComparer.Ordinal).ToList();
                if (names.Count > 0)
                {
                    others.AddRange(names.Skip(1));
                    return (names[0], schema, others);
                }
            }
        }

        foreach (var keyword in (ReadOnlySpan<string>)["anyOf", "oneOf"])
        {
            if (schema.TryGetProperty(keyword, out var branches) && branches.ValueKind == JsonValueKind.Array)
            {
                var nonNull = branches.EnumerateArray().Where(static b => !IsNullSchema(b)).ToList();
                if (nonNull.Count > 0)
                {
                    var (first, effective, _) = Resolve(nonNull[0]);
                    others.AddRange(nonNull.Skip(1).Select(static b => Resolve(b).Type).Where(t => t != first).Distinct(StringComparer.Ordinal));
                    return (first, effective, others);
                }
            }
        }

        if (schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array)
        {
            var first = values.EnumerateArray().FirstOrDefault(static v => v.ValueKind != JsonValueKind.Null);
            return (first.ValueKind switch
            {
                JsonValueKind.Number => first.TryGetInt64(out _) ? "integer" : "number",
                JsonValueKind.True or JsonValueKind.False => "boolean",
                _ => "string",
            }, schema, others);
        }

        return (schema.TryGetProperty("properties", out _) ? "object" : schema.TryGetProperty("items", out _) ? "array" : "string", schema, others);
    }

    private static bool IsNullSchema(JsonElement branch) =>
        branch.ValueKind == JsonValueKind.Object && branch.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null";

    private static string Normalize(string? type) => type is not null && SimpleTypes.Contains(type) ? type : "string";

    private static void AddConstraintNotes(JsonElement schema, JsonElement effective, List<string> notes)
    {
        Note("format", "Format");
        Note("pattern", "Pattern");
        Note("minimum", "Minimum");
        Note("exclusiveMinimum", "Greater than");
        Note("maximum", "Maximum");
        Note("exclusiveMaximum", "Less than");
        Note("multipleOf", "Multiple of");
        Note("minLength", "Minimum length");
        Note("maxLength", "Maximum length");
        Note("minItems", "Minimum items");
        Note("maxItems", "Maximum items");
        Note("uniqueItems", "Unique items");
        Note("const", "Must be");
        Note("default", "Default");

        void Note(string keyword, string label)
        {
            if (Keyword(schema, effective, keyword) is { } value)
            {
                notes.Add($"{label}: {Literal(value)}.");
            }
        }
    }

    private static string Describe(JsonElement schema, int depth)
    {
        var (type, effective, others) = Resolve(schema);
        var text = new StringBuilder(type);
        if (others.Count > 0)
        {
            text.Append(" or ").AppendJoin(" or ", others);
        }

        if (Keyword(schema, effective, "enum") is { ValueKind: JsonValueKind.Array } values)
        {
            text.Append(" (one of ").AppendJoin(", ", values.EnumerateArray().Where(static v => v.ValueKind != JsonValueKind.Null).Select(Literal)).Append(')');
        }

        var notes = new List<string>();
        AddConstraintNotes(schema, effective, notes);
        foreach (var note in notes)
        {
            // "Minimum: 1." reads as ", minimum: 1" inside a description.
            text.Append(", ").Append(char.ToLowerInvariant(note[0])).Append(note.AsSpan(1, note.Length - 2));
        }

        if ((Text(schema, "description") ?? Text(effective, "description")) is { } description)
        {
            text.Append(" - ").Append(description.TrimEnd('.'));
        }

        if (depth >= MaxDescribeDepth)
        {
            return text.ToString();
        }

        if (type == "array" && Keyword(schema, effective, "items") is { ValueKind: JsonValueKind.Object } items)
        {
            text.Append(" of ").Append(Describe(items, depth + 1));
        }
        else if (type == "object" && Keyword(schema, effective, "properties") is { ValueKind: JsonValueKind.Object } properties)
        {
            text.Append(" with fields { ").Append(DescribeFields(properties, Keyword(schema, effective, "required"), depth + 1)).Append(" }");
        }

        return text.ToString();
    }

    private static string DescribeFields(JsonElement properties, JsonElement? required, int depth)
    {
        var requiredNames = required is { ValueKind: JsonValueKind.Array } list
            ? list.EnumerateArray().Where(static r => r.ValueKind == JsonValueKind.String).Select(static r => r.GetString()!).ToHashSet(StringComparer.Ordinal)
            : [];
        return string.Join("; ", properties.EnumerateObject().Select(p =>
            $"{p.Name} ({(requiredNames.Contains(p.Name) ? "required " : string.Empty)}{Describe(p.Value, depth)})"));
    }

    private static JsonElement? Keyword(JsonElement schema, JsonElement effective, string name) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty(name, out var value) ? value
        : effective.ValueKind == JsonValueKind.Object && effective.TryGetProperty(name, out var inner) ? inner
        : null;

    private static string? Text(JsonElement schema, string name) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!.Trim()
            : null;

    private static string Literal(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        _ => value.GetRawText(),
    };

    private static string Join(string? description, List<string> notes)
    {
        var text = new StringBuilder();
        if (description is not null)
        {
            text.Append(description);
            if (notes.Count > 0 && !description.EndsWith('.'))
            {
                text.Append('.');
            }
        }

        foreach (var note in notes)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(note);
        }

        return text.ToString();
    }
}
