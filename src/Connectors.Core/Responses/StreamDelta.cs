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
}
