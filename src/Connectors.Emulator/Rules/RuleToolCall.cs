using System.Text.Json;

namespace Connectors.Emulator.Rules;

/// <summary>One scripted tool call.</summary>
public sealed class RuleToolCall
{
    /// <summary>Function name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Arguments as a JSON object; sent as its JSON text.</summary>
    public JsonElement? Arguments { get; set; }

    /// <summary>Call id; generated when unset.</summary>
    public string? Id { get; set; }

    /// <summary>Creates a call whose arguments are the given JSON object text.</summary>
    public static RuleToolCall Create(string name, string argumentsJson)
    {
        using var doc = JsonDocument.Parse(argumentsJson);
        return new RuleToolCall { Name = name, Arguments = doc.RootElement.Clone() };
    }
}
