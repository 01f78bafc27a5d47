namespace Connectors.Emulator.Chat;

/// <summary>One streamed delta: the role on the first, then reasoning, content or a tool-call fragment.</summary>
internal sealed record StreamDelta(bool First, string? Reasoning, string? Content, ToolCallFragment? ToolCall)
{
    /// <summary>Splits a reply into deltas: reasoning, then content, then tool calls (name first, arguments after).</summary>
    public static List<StreamDelta> From(Reply reply)
    {
        var deltas = new List<StreamDelta>();
        foreach (var piece in Split(reply.Reasoning, reply.ChunkSize))
        {
            deltas.Add(new StreamDelta(deltas.Count == 0, piece, null, null));
        }

        foreach (var piece in Split(reply.Content, reply.ChunkSize))
        {
            deltas.Add(new StreamDelta(deltas.Count == 0, null, piece, null));
        }

        for (var i = 0; i < reply.ToolCalls.Count; i++)
        {
            var call = reply.ToolCalls[i];
            deltas.Add(new StreamDelta(deltas.Count == 0, null, null, new ToolCallFragment(i, call.Id, call.Name, "")));
            foreach (var piece in Split(call.Arguments, reply.ChunkSize ?? 16))
            {
                deltas.Add(new StreamDelta(false, null, null, new ToolCallFragment(i, null, null, piece)));
            }
        }

        if (deltas.Count == 0)
        {
            deltas.Add(new StreamDelta(true, null, "", null));
        }

        return deltas;
    }

    /// <summary>Fixed-size pieces, or word by word (each word keeps its trailing space) when no size is set.</summary>
    private static IEnumerable<string> Split(string? text, int? size)
    {
        if (string.IsNullOrEmpty(text))
        {
            yield break;
        }

        if (size is > 0)
        {
            for (var i = 0; i < text.Length; i += size.Value)
            {
                yield return text.Substring(i, Math.Min(size.Value, text.Length - i));
            }

            yield break;
        }

        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || (char.IsWhiteSpace(text[i - 1]) && !char.IsWhiteSpace(text[i])))
            {
                yield return text[start..i];
                start = i;
            }
        }
    }
}

internal sealed record ToolCallFragment(int Index, string? Id, string? Name, string Arguments);
