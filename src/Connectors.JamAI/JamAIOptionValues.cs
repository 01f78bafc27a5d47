using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Core.Requests;

namespace Connectors.JamAI;

/// <summary>Validates and converts JamAI's vendor option values for the wire; messages name what to change.</summary>
internal static class JamAIOptionValues
{
    public static JsonElement RagParams(object value)
    {
        if (value is Connectors.JamAI.RagParams typed)
        {
            typed.Validate();
            return JsonSerializer.SerializeToElement(typed, JamAIJsonContext.Default.RagParams);
        }

        // A JsonElement, JsonNode or dictionary (Semantic Kernel extension data): drop nulls, check the table id.
        var element = WithoutNulls(JsonValueWriter.ToElement(value, JamAIProfile.RagParamsKey));
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"ChatOptions.AdditionalProperties['{JamAIProfile.RagParamsKey}'] must be a RagParams or a JSON object, not {element.ValueKind}.", nameof(value));
        }

        if (!element.TryGetProperty("table_id", out var table) || table.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(table.GetString()))
        {
            throw new ArgumentException($"ChatOptions.AdditionalProperties['{JamAIProfile.RagParamsKey}'] needs a non-empty string 'table_id' (the Knowledge Table to search).", nameof(value));
        }

        return element;
    }

    public static JsonElement? LogitBias(object value)
    {
        var entries = new List<KeyValuePair<string, double>>();
        switch (value)
        {
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    entries.Add(new(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty, ToDouble(entry.Value)));
                }

                break;
            default:
                var element = JsonValueWriter.ToElement(value, JamAIProfile.LogitBiasKey);
                if (element.ValueKind != JsonValueKind.Object)
                {
                    throw new ArgumentException($"ChatOptions.AdditionalProperties['{JamAIProfile.LogitBiasKey}'] must map token ids to biases, not be {element.ValueKind}.", nameof(value));
                }

                foreach (var property in element.EnumerateObject())
                {
                    entries.Add(new(property.Name, property.Value.ValueKind == JsonValueKind.Number ? property.Value.GetDouble() : double.NaN));
                }

                break;
        }

        if (entries.Count == 0)
        {
            return null; // an empty bias is the default: omit it
        }

        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (token, bias) in entries)
            {
                if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out _) || double.IsNaN(bias) || bias is < -100 or > 100)
                {
                    throw new ArgumentException($"logit_bias maps token ids (non-negative integers) to biases between -100 and 100; '{token}' → {bias} is not valid.", nameof(value));
                }

                writer.WriteNumber(token, bias);
            }

            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();

        static double ToDouble(object? number) => number switch
        {
            JsonElement { ValueKind: JsonValueKind.Number } e => e.GetDouble(),
            IConvertible convertible when number is not string => convertible.ToDouble(CultureInfo.InvariantCulture),
            _ => double.NaN,
        };
    }

    public static string NonEmptyString(object value, string key) => value switch
    {
        string { Length: > 0 } text => text,
        JsonElement { ValueKind: JsonValueKind.String } e when !string.IsNullOrEmpty(e.GetString()) => e.GetString()!,
        JsonNode node when node.GetValueKind() == JsonValueKind.String && !string.IsNullOrEmpty(node.GetValue<string>()) => node.GetValue<string>(),
        _ => throw new ArgumentException($"ChatOptions.AdditionalProperties['{key}'] must be a non-empty string.", nameof(value)),
    };

    public static long Integer(object value, string key, long min, long max)
    {
        long? number = value switch
        {
            int i => i,
            long l => l,
            short s => s,
            byte b => b,
            uint u => u,
            JsonElement { ValueKind: JsonValueKind.Number } e when e.TryGetInt64(out var n) => n,
            JsonNode node when node.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue<long>(out var n) => n,
            string text when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
            _ => null,
        };

        return number is { } valid && valid >= min && valid <= max
            ? valid
            : throw new ArgumentException($"ChatOptions.AdditionalProperties['{key}'] must be an integer from {min} to {max}, not '{value}'.", nameof(value));
    }

    private static JsonElement WithoutNulls(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return element;
        }

        var node = JsonNode.Parse(element.GetRawText())!.AsObject();
        foreach (var name in node.Where(static p => p.Value is null).Select(static p => p.Key).ToList())
        {
            node.Remove(name);
        }

        return JsonValueWriter.ToElement(node, JamAIProfile.RagParamsKey);
    }

    public static string? AudioFormat(string mediaType) => mediaType.ToLowerInvariant() switch
    {
        "audio/mpeg" or "audio/mp3" => "mp3",
        "audio/wav" or "audio/x-wav" or "audio/wave" => "wav",
        _ => null,
    };

    public static string CheckName(string name) =>
        name.Length is > 0 and <= JamAIProfile.MaxFunctionNameLength
            ? name
            : throw new ArgumentException($"JamAI accepts function names of 1 to {JamAIProfile.MaxFunctionNameLength} characters; '{name}' has {name.Length}.", nameof(name));

    /// <summary>The gateway turns characters outside <c>[a-zA-Z0-9_-]</c> into <c>_</c>; doing it here keeps the request honest.</summary>
    public static string? SanitizeName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        var text = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            text.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        }

        return text.ToString();
    }
}
