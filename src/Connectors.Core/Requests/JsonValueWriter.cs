using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Connectors.Core.Requests;

/// <summary>
/// Writes loosely typed option values (as Semantic Kernel and configuration hand them over) as JSON without
/// reflection: primitives, <see cref="JsonElement"/>, <see cref="JsonNode"/>, dictionaries and lists.
/// </summary>
internal static class JsonValueWriter
{
    private const int MaxDepth = 64;

    public static JsonElement ToElement(object? value, string key)
    {
        if (value is JsonElement element)
        {
            return element;
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, value, key, 0);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    public static JsonElement FunctionChoice(string name) => ToElement(
        new Dictionary<string, object?> { ["type"] = "function", ["function"] = new Dictionary<string, object?> { ["name"] = name } },
        "tool_choice");

    private static void Write(Utf8JsonWriter writer, object? value, string key, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ArgumentException($"ChatOptions.AdditionalProperties['{key}'] nests deeper than {MaxDepth} levels.", nameof(value));
        }

        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case JsonElement e: e.WriteTo(writer); break;
            case JsonDocument d: d.WriteTo(writer); break;
            case JsonNode n: n.WriteTo(writer); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case int i: writer.WriteNumberValue(i); break;
            case long l: writer.WriteNumberValue(l); break;
            case short sh: writer.WriteNumberValue(sh); break;
            case byte by: writer.WriteNumberValue(by); break;
            case uint ui: writer.WriteNumberValue(ui); break;
            case ulong ul: writer.WriteNumberValue(ul); break;
            case float f: writer.WriteNumberValue(f); break;
            case double db: writer.WriteNumberValue(db); break;
            case decimal m: writer.WriteNumberValue(m); break;
            case Enum en: writer.WriteStringValue(en.ToString()); break;
            case Uri uri: writer.WriteStringValue(uri.ToString()); break;
            case TimeSpan ts: writer.WriteStringValue(ts.ToString("c", CultureInfo.InvariantCulture)); break;
            case DateTimeOffset dto: writer.WriteStringValue(dto); break;
            case DateTime dt: writer.WriteStringValue(dt); break;
            case IDictionary<string, object?> map:
                writer.WriteStartObject();
                foreach (var (name, item) in map)
                {
                    writer.WritePropertyName(name);
                    Write(writer, item, key, depth + 1);
                }

                writer.WriteEndObject();
                break;
            case IDictionary dictionary:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    writer.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty);
                    Write(writer, entry.Value, key, depth + 1);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    Write(writer, item, key, depth + 1);
                }

                writer.WriteEndArray();
                break;
            default:
                // Types MEAI's own JSON context knows (or the app registered) still work without reflection.
                if (AIJsonUtilities.DefaultOptions.TryGetTypeInfo(value.GetType(), out var typeInfo))
                {
                    JsonSerializer.Serialize(writer, value, typeInfo);
                    break;
                }

                throw new NotSupportedException(
                    $"ChatOptions.AdditionalProperties['{key}'] holds a {value.GetType().Name}, which cannot be written as JSON without reflection: pass a JsonElement, JsonNode, primitive, dictionary or list.");
        }
    }
}
