namespace Connectors.Emulator.Rules;

/// <summary>Usage numbers a rule reports.</summary>
public sealed class RuleUsage
{
    /// <summary>Prompt tokens.</summary>
    public int PromptTokens { get; set; }

    /// <summary>Completion tokens.</summary>
    public int CompletionTokens { get; set; }

    /// <summary>Reasoning tokens (part of completion tokens).</summary>
    public int ReasoningTokens { get; set; }

    /// <summary>Cached prompt tokens.</summary>
    public int CachedTokens { get; set; }
}
