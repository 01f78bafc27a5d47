using System.Text;
using System.Text.Json;

namespace Connectors.Core.Errors;

/// <summary>What an error body says, whichever vendor shape it came in.</summary>
internal sealed class ErrorDetails
{
    public string? Message { get; private set; }

    public string? Type { get; private set; }

    public string? Code { get; private set; }

    public string? Param { get; private set; }

    public string? RequestId { get; private set; }

    /// <summary>Field-level problems (JamAI 422 lists each field).</summary>
    public List<string> Fields { get; } = [];

    public string Summary()
    {
        if (Fields.Count > 0)
        {
            // A validation error lists each field; its message (when there is one) only restates them.
            return new StringBuilder("the request has invalid fields: ").AppendJoin("; ", Fields).Append('.').ToString();
        }

        var text = new StringBuilder(string.IsNullOrWhiteSpace(Message) ? "no error message was given" : Message.Trim());
        if (Param is not null && !text.ToString().Contains(Param, StringComparison.Ordinal))
        {
            text.Append(" (parameter '").Append(Param).Append("')");
        }

        return text.ToString();
    }

    public static ErrorDetails Parse(string body)
    {
        var details = new ErrorDetails();
        var trimmed = body.AsSpan().Trim();
        if (trimmed.Length == 0 || trimmed[0] != '{')
        {
            details.Message = trimmed.Length == 0 ? null : ErrorFactory.Truncate(trimmed.ToString());
            return details;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            details.Read(document.RootElement, depth: 0);
        }
        catch (JsonException)
        {
            // A body cut at the read limit (JamAI may echo the whole request after its error fields) still
            // names its code and message: read the leading fields; only text that is not JSON at all is quoted.
            if (!details.ReadLeadingFields(body))
            {
                details.Message = ErrorFactory.Truncate(trimmed.ToString());
            }
        }

        return details;
    }

    /// <summary>Reads the top-level fields of a JSON object that may be cut off; true when it found the code or message.</summary>
    private bool ReadLeadingFields(string body)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(body), isFinalBlock: false, state: default);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                if (!reader.Read())
                {
                    break;
                }

                if (reader.TokenType == JsonTokenType.String)
                {
                    var value = reader.GetString();
                    switch (name)
                    {
                        case "error": Code ??= value; break;
                        case "message": Message ??= value; break;
                        case "detail": Message ??= value; break;
                        case "request_id": RequestId ??= value; break;
                        case "type": Type ??= value; break;
                    }
                }
                else if (name == "detail" && reader.TokenType == JsonTokenType.StartArray)
                {
                    if (!JsonDocument.TryParseValue(ref reader, out var detail))
                    {
                        break;
                    }

                    using (detail)
                    {
                        ReadDetail(detail.RootElement);
                    }
                }
                else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip())
                {
                    break;
                }
            }
        }
        catch (JsonException)
        {
            // Whatever was read before the damage stays.
        }

        return Code is not null || Message is not null || Fields.Count > 0;
    }

    /// <summary>Reads the value of an <c>error</c> member: an object (OpenAI shape) or a code string.</summary>
    public static ErrorDetails FromErrorElement(JsonElement error)
    {
        var details = new ErrorDetails();
        if (error.ValueKind == JsonValueKind.Object)
        {
            details.ReadErrorObject(error, depth: 0);
        }
        else if (error.ValueKind == JsonValueKind.String)
        {
            details.Message = error.GetString();
        }

        return details;
    }

    private void Read(JsonElement root, int depth)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            Message = root.ToString();
            return;
        }

        RequestId ??= String(root, "request_id");
        if (root.TryGetProperty("error", out var error))
        {
            if (error.ValueKind == JsonValueKind.Object)
            {
                ReadErrorObject(error, depth);
                return;
            }

            // JamAI: {"object":"error","error":"<code>","message":..., "detail":...}
            Code ??= error.ValueKind == JsonValueKind.String ? error.GetString() : null;
        }

        Message ??= String(root, "message");
        Type ??= String(root, "type");
        if (root.TryGetProperty("detail", out var detail))
        {
            ReadDetail(detail);
        }
    }

    private void ReadErrorObject(JsonElement error, int depth)
    {
        var message = String(error, "message");
        var type = String(error, "type");

        // A gateway may wrap the upstream error as a JSON string in message, with type null: unwrap it.
        if (depth < 3 && type is null && message is not null && message.TrimStart().StartsWith('{'))
        {
            try
            {
                using var inner = JsonDocument.Parse(message);
                if (inner.RootElement.ValueKind == JsonValueKind.Object)
                {
                    Read(inner.RootElement, depth + 1);
                    return;
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: keep the text as the message.
            }
        }

        Message = message;
        Type = type;
        Code = String(error, "code");
        Param = String(error, "param");
    }

    private void ReadDetail(JsonElement detail)
    {
        switch (detail.ValueKind)
        {
            case JsonValueKind.String when Message is null:
                Message = detail.GetString();
                break;
            case JsonValueKind.Array:
                foreach (var item in detail.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.Object)
                    {
                        continue;
                    }

                    var location = item.TryGetProperty("loc", out var loc) && loc.ValueKind == JsonValueKind.Array ? Location(loc) : null;
                    var text = String(item, "msg") ?? item.ToString();
                    Fields.Add(location is null ? text : $"{location}: {text}");
                }

                break;
        }
    }

    /// <summary>FastAPI's <c>["body","messages",1,"role"]</c> as <c>messages[1].role</c>: the field as the caller wrote it.</summary>
    private static string? Location(JsonElement loc)
    {
        var text = new StringBuilder();
        var first = true;
        foreach (var part in loc.EnumerateArray())
        {
            if (first && part.ValueKind == JsonValueKind.String && part.GetString() is "body" or "query" or "header" or "path")
            {
                first = false;
                continue; // where FastAPI read it, not a field name
            }

            first = false;
            if (part.ValueKind == JsonValueKind.Number)
            {
                text.Append('[').Append(part.GetRawText()).Append(']');
            }
            else
            {
                text.Append(text.Length > 0 ? "." : string.Empty).Append(part.ToString());
            }
        }

        return text.Length == 0 ? null : text.ToString();
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;
}
