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
        var text = new StringBuilder(string.IsNullOrWhiteSpace(Message) ? "no error message was given" : Message.Trim());
        if (Param is not null && !text.ToString().Contains(Param, StringComparison.Ordinal))
        {
            text.Append(" (parameter '").Append(Param).Append("')");
        }

        if (Fields.Count > 0)
        {
            text.Append(" Fields: ").AppendJoin("; ", Fields);
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
            details.Message = ErrorFactory.Truncate(trimmed.ToString());
        }

        return details;
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

                    var location = item.TryGetProperty("loc", out var loc) && loc.ValueKind == JsonValueKind.Array
                        ? string.Join('.', loc.EnumerateArray().Select(static part => part.ToString()))
                        : null;
                    var text = String(item, "msg") ?? item.ToString();
                    Fields.Add(location is null ? text : $"{location}: {text}");
                }

                break;
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;
}
