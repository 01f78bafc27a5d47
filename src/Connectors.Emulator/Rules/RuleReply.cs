namespace Connectors.Emulator.Rules;

/// <summary>What a rule answers.</summary>
public sealed class RuleReply
{
    /// <summary>
    /// Assistant text. When the rule's <see cref="RuleMatch.Text"/> pattern has groups, <c>$1</c> and <c>${name}</c>
    /// are filled from them (<c>$$</c> is a literal <c>$</c>), so an answer can repeat what the request said.
    /// </summary>
    public string? Text { get; set; }

    /// <summary>Reasoning text, sent as <c>reasoning_content</c>; groups are filled as in <see cref="Text"/>.</summary>
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
