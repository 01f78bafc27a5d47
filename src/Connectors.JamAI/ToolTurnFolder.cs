using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Connectors.JamAI;

/// <summary>
/// Folds earlier tool turns into text, because the gateway has no <c>tool</c> role and drops
/// <c>tool_calls</c> / <c>tool_call_id</c>. The format is part of the public contract (see <see cref="JamAIChatClient"/>):
/// <list type="bullet">
/// <item>each <see cref="FunctionCallContent"/> becomes a line <c>&lt;tool_call id="ID" name="NAME"&gt;ARGUMENTS-JSON&lt;/tool_call&gt;</c> in the assistant message's text;</item>
/// <item>each <see cref="FunctionResultContent"/> becomes a line <c>&lt;tool_result id="ID" name="NAME"&gt;RESULT&lt;/tool_result&gt;</c> in a user message
/// (with <c>error="true"</c> after the name when the call failed); a <c>tool</c> message becomes that user message.</item>
/// </list>
/// Adjacent folded messages of the same role are merged, so the history keeps alternating.
/// </summary>
internal static class ToolTurnFolder
{
    public static bool NeedsFolding(IEnumerable<ChatMessage> messages) =>
        messages.Any(static m => m.Role == ChatRole.Tool || m.Contents.Any(static c => c is FunctionCallContent or FunctionResultContent));

    public static List<ChatMessage> Fold(IEnumerable<ChatMessage> messages)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var output = new List<ChatMessage>();
        var folded = new HashSet<ChatMessage>(ReferenceEqualityComparer.Instance);
        foreach (var message in messages)
        {
            if (message.Role != ChatRole.Tool && !message.Contents.Any(static c => c is FunctionCallContent or FunctionResultContent))
            {
                output.Add(message);
                continue;
            }

            var kept = new List<AIContent>();
            var calls = new StringBuilder();
            var results = new StringBuilder();
            foreach (var content in message.Contents)
            {
                switch (content)
                {
                    case FunctionCallContent call:
                        names[call.CallId] = call.Name;
                        AppendLine(calls, FormatCall(call));
                        break;
                    case FunctionResultContent result:
                        AppendLine(results, FormatResult(result, names.GetValueOrDefault(result.CallId)));
                        break;
                    default:
                        kept.Add(content);
                        break;
                }
            }

            var role = message.Role == ChatRole.Tool ? ChatRole.User : message.Role;
            if (calls.Length > 0)
            {
                kept.Add(new TextContent(calls.ToString()));
            }

            if (results.Length > 0 && role != ChatRole.User)
            {
                // A result inside a non-tool message (rare): the call's side stays, the result follows as user text.
                Add(output, folded, Create(message, role, kept));
                Add(output, folded, Create(message, ChatRole.User, [new TextContent(results.ToString())]));
                continue;
            }

            if (results.Length > 0)
            {
                kept.Add(new TextContent(results.ToString()));
            }

            Add(output, folded, Create(message, role, kept));
        }

        return output;
    }

    internal static string FormatCall(FunctionCallContent call) =>
        $"<tool_call id=\"{Escape(call.CallId)}\" name=\"{Escape(call.Name)}\">{Arguments(call.Arguments)}</tool_call>";

    internal static string FormatResult(FunctionResultContent result, string? name)
    {
        var text = new StringBuilder("<tool_result id=\"").Append(Escape(result.CallId)).Append('"');
        if (name is not null)
        {
            text.Append(" name=\"").Append(Escape(name)).Append('"');
        }

        if (result.Exception is not null)
        {
            text.Append(" error=\"true\"");
        }

        return text.Append('>').Append(ResultText(result)).Append("</tool_result>").ToString();
    }

    private static void Add(List<ChatMessage> output, HashSet<ChatMessage> folded, ChatMessage message)
    {
        if (message.Contents.Count == 0)
        {
            return;
        }

        if (output.Count > 0 && output[^1] is var previous && folded.Contains(previous) && previous.Role == message.Role)
        {
            var merged = Create(previous, previous.Role, [.. previous.Contents, .. message.Contents]);
            output[^1] = merged;
            folded.Add(merged);
            return;
        }

        output.Add(message);
        folded.Add(message);
    }

    /// <summary>A copy with new contents; text-only contents become one text joined by line breaks.</summary>
    private static ChatMessage Create(ChatMessage source, ChatRole role, List<AIContent> contents)
    {
        IList<AIContent> joined = contents.Count > 1 && contents.All(static c => c is TextContent { Annotations: null or { Count: 0 } })
            ? [new TextContent(string.Join('\n', contents.Cast<TextContent>().Select(static t => t.Text).Where(static t => t.Length > 0)))]
            : contents;
        return new ChatMessage(role, joined)
        {
            AuthorName = source.AuthorName,
            MessageId = source.MessageId,
            CreatedAt = source.CreatedAt,
            AdditionalProperties = source.AdditionalProperties,
        };
    }

    private static void AppendLine(StringBuilder text, string line)
    {
        if (text.Length > 0)
        {
            text.Append('\n');
        }

        text.Append(line);
    }

    private static string Arguments(IDictionary<string, object?>? arguments) =>
        arguments is null || arguments.Count == 0 ? "{}" : Compact(arguments, typeof(IDictionary<string, object?>));

    private static string ResultText(FunctionResultContent result) => result.Result switch
    {
        null => result.Exception?.Message ?? string.Empty,
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } element => element.GetString()!,
        JsonElement element => element.GetRawText(),
        var value => Compact(value, value.GetType()),
    };

    /// <summary>One-line JSON (MEAI's default options indent), so the folded text stays stable and compact.</summary>
    private static string Compact(object value, Type type)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, Encoder = AIJsonUtilities.DefaultOptions.Encoder }))
        {
            JsonSerializer.Serialize(writer, value, AIJsonUtilities.DefaultOptions.GetTypeInfo(type));
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Escape(string value) =>
        value.Replace("&", "&amp;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
