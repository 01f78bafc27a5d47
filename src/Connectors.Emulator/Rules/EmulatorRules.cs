using System.Text.Json;
using System.Text.RegularExpressions;

namespace Connectors.Emulator.Rules;

/// <summary>The scripted-reply rules of a running emulator; the first matching rule wins. Thread-safe.</summary>
public sealed class EmulatorRules
{
    private readonly Lock _gate = new();
    private readonly List<EmulatorRule> _rules = [];

    // One per emulator, reached through EmulatorServer.Rules.
    internal EmulatorRules()
    {
    }

    /// <summary>A snapshot of the rules in match order.</summary>
    public IReadOnlyList<EmulatorRule> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _rules];
            }
        }
    }

    /// <summary>Appends a rule (checked after the existing ones).</summary>
    public EmulatorRule Add(EmulatorRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        Validate(rule);
        lock (_gate)
        {
            _rules.Add(rule);
        }

        return rule;
    }

    /// <summary>Inserts a rule ahead of all others.</summary>
    public EmulatorRule AddFirst(EmulatorRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        Validate(rule);
        lock (_gate)
        {
            _rules.Insert(0, rule);
        }

        return rule;
    }

    /// <summary>Adds a rule answering requests whose last user text matches <paramref name="textPattern"/> with <paramref name="reply"/>.</summary>
    public EmulatorRule When(string textPattern, RuleReply reply, EmulatorDialect? dialect = null) =>
        Add(new EmulatorRule { Match = new RuleMatch { Text = textPattern, Dialect = dialect }, Reply = reply });

    /// <summary>Removes every rule.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    /// <summary>Adds the rules of a JSON rules document.</summary>
    /// <exception cref="JsonException">The document is not a rules file.</exception>
    public void Load(string json)
    {
        var file = JsonSerializer.Deserialize(json, RulesJsonContext.Default.RulesFile) ?? throw new JsonException("Empty rules file.");
        foreach (var rule in file.Rules)
        {
            Add(rule);
        }
    }

    /// <summary>Adds the rules of a JSON rules file.</summary>
    public void LoadFile(string path) => Load(File.ReadAllText(path));

    /// <summary>The first rule that matches, with the match of its <see cref="RuleMatch.Text"/> pattern (null without one).</summary>
    internal (EmulatorRule Rule, Match? TextMatch)? Find(RuleContext request)
    {
        lock (_gate)
        {
            foreach (var rule in _rules)
            {
                if ((rule.Times is null || rule.Times > 0) && IsMatch(rule.Match, request, out var textMatch))
                {
                    if (rule.Times is not null)
                    {
                        rule.Times--;
                    }

                    return (rule, textMatch);
                }
            }
        }

        return null;
    }

    private static bool IsMatch(RuleMatch m, RuleContext r, out Match? textMatch)
    {
        textMatch = null;
        if (!((m.Dialect is null || m.Dialect == r.Dialect)
            && (m.Model is null || Regex.IsMatch(r.Model, $"^(?:{m.Model})$", RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1)))
            && (m.HasTools is null || m.HasTools == r.HasTools)
            && (m.HasToolResults is null || m.HasToolResults == r.HasToolResults)))
        {
            return false;
        }

        if (m.Text is null)
        {
            return true;
        }

        textMatch = Regex.Match(r.LastUserText, m.Text, RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));
        return textMatch.Success;
    }

    private static void Validate(EmulatorRule rule)
    {
        // Fail when the rule is added, not when a request happens to reach it.
        if (rule.Match.Model is not null)
        {
            _ = new Regex(rule.Match.Model);
        }

        if (rule.Match.Text is not null)
        {
            _ = new Regex(rule.Match.Text);
        }

        if (rule.Reply.Fault is not null && !Faults.EmulatorFaults.IsKnown(rule.Reply.Fault))
        {
            throw new ArgumentException($"Unknown fault '{rule.Reply.Fault}'.", nameof(rule));
        }
    }
}

internal sealed record RuleContext(EmulatorDialect Dialect, string Model, string LastUserText, bool HasTools, bool HasToolResults);
