namespace Connectors.Emulator.Rules;

/// <summary>What a rule answers.</summary>
public sealed class RuleReply
{
    /// <summary>Assistant text.</summary>
    public string? Text { get; set; }

    /// <summary>
    /// Assistant text built from the request: <c>$1</c> or <c>${name}</c> are replaced by the groups of
    /// <see cref="RuleMatch.Text"/> in the last user message (<c>$$</c> for a dollar sign). Used instead of
    /// <see cref="Text"/> when both this and the pattern are set, for example to answer from a folded JamAI tool result.
    /// </summary>
    public string? TextFromMatch { get; set; }

    /// <summary>Reasoning text, sent as <c>reasoning_content</c>.</summary>
    public string? Reasoning { get; set; }

    /// <summary>Tool calls; the finish reason becomes <c>tool_calls</c>.</summary>
    public IList<RuleToolCall> ToolCalls { get; set; } = [];

    /// <summary>Raw grounding text (e.g. <c>&lt;point_box&gt;</c> tags) appended to the text as is.</summary>
    public string? Grounding { get; set; }

    /// <summary>Usage numbers to report instead of the estimate.</summary>
    public RuleUsage? Usage { get; set; }

    /// <summary>Characters per streamed content chunk; default is word by word.</summary>
    public int? ChunkSize { get; set; }

    /// <summary>Delay between streamed chunks, in milliseconds.</summary>
    public int? DelayMs { get; set; }

    /// <summary>A fault to produce instead of an answer (see <see cref="Faults.EmulatorFaults"/>).</summary>
    public string? Fault { get; set; }

    /// <summary>Finish reason to report; default <c>stop</c> (or <c>tool_calls</c>).</summary>
    public string? FinishReason { get; set; }
}
