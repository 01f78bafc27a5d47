using System.Text.Json;
using Connectors.Core.Wire;

namespace Connectors.Core.Responses;

/// <summary>A streamed chunk in its common shape (at most one choice, of index 0), read without wire objects.</summary>
internal struct StreamDelta
{
    public string? Id;
    public string? Object;
    public string? Model;
    public long? Created;
    public bool HasChoice;
    public string? Role;
    public string? Content;
    public string? Reasoning;
    public string? Refusal;
    public string? FinishReason;
    public List<WireToolCall>? ToolCalls;
    public WireUsage? Usage;

    /// <summary>Where the text string (content or reasoning, quotes included) lies in the event's bytes; -1 when there are several.</summary>
    public int TextStart;
    public int TextEnd;

    /// <summary>Notes the position of the string token the reader is on (content or reasoning).</summary>
    public void MarkText(ref Utf8JsonReader reader)
    {
        if (TextEnd != 0 || reader.TokenType != JsonTokenType.String)
        {
            TextStart = -1;
            return;
        }

        TextStart = (int)reader.TokenStartIndex;
        TextEnd = (int)reader.BytesConsumed;
    }

    /// <summary>Whether this chunk carries one piece of text and nothing else a later chunk could differ in.</summary>
    public readonly bool IsTextOnly =>
        HasChoice && TextStart > 0 && TextEnd > TextStart && (Content is null) != (Reasoning is null)
        && Role is null && Refusal is null && FinishReason is null && ToolCalls is null && Usage is null;
}
