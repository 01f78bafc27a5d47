namespace Connectors.Emulator.Rules;

/// <summary>Request conditions of a rule; unset conditions match anything.</summary>
public sealed class RuleMatch
{
    /// <summary>Only requests in this dialect.</summary>
    public EmulatorDialect? Dialect { get; set; }

    /// <summary>Regular expression the model id must match (whole id).</summary>
    public string? Model { get; set; }

    /// <summary>Regular expression searched in the text of the last user message (case-insensitive).</summary>
    public string? Text { get; set; }

    /// <summary>Whether the request must (true) or must not (false) carry tools.</summary>
    public bool? HasTools { get; set; }

    /// <summary>Whether the history must (true) or must not (false) already hold tool results.</summary>
    public bool? HasToolResults { get; set; }
}
