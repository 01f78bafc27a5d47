namespace Connectors.Emulator.Rules;

/// <summary>A scripted reply: when <see cref="Match"/> fits a request, <see cref="Reply"/> answers it.</summary>
public sealed class EmulatorRule
{
    /// <summary>A name for logs.</summary>
    public string? Name { get; set; }

    /// <summary>Conditions, all of which must hold.</summary>
    public RuleMatch Match { get; set; } = new();

    /// <summary>The answer.</summary>
    public RuleReply Reply { get; set; } = new();

    /// <summary>How many requests the rule may still answer; null for no limit.</summary>
    public int? Times { get; set; }
}
