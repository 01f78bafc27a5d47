using System.CommandLine;

namespace Connectors.Cli.Hosting;

/// <summary>Parse errors as sentences, with the nearest option or command when a word looks mistyped.</summary>
internal static class UsageErrors
{
    public static IEnumerable<string> Describe(ParseResult parse)
    {
        foreach (var error in parse.Errors)
        {
            var unmatched = parse.UnmatchedTokens.FirstOrDefault(t => error.Message.Contains($"'{t}'", StringComparison.Ordinal));
            var suggestion = unmatched is null ? null : Nearest(unmatched, Candidates(parse.CommandResult.Command, unmatched.StartsWith('-')));
            yield return suggestion is null ? error.Message : $"{error.Message} Did you mean '{suggestion}'?";
        }
    }

    /// <summary>The options a command accepts (its own and its ancestors' recursive ones), or its subcommands.</summary>
    private static IEnumerable<string> Candidates(Command command, bool options)
    {
        if (!options)
        {
            return command.Subcommands.Where(c => !c.Hidden).SelectMany(c => c.Aliases.Prepend(c.Name));
        }

        var names = command.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name)).ToList();
        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
        {
            names.AddRange(parent.Options.Where(o => o.Recursive && !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name)));
        }

        return names;
    }

    /// <summary>The closest name within a few edits (about one in three characters), if exactly one is closest.</summary>
    internal static string? Nearest(string typed, IEnumerable<string> names)
    {
        var limit = Math.Max(1, typed.TrimStart('-').Length / 3);
        var best = names.Distinct(StringComparer.Ordinal)
            .Select(n => (Name: n, Distance: EditDistance(typed, n)))
            .Where(c => c.Distance <= limit)
            .OrderBy(c => c.Distance)
            .Take(2)
            .ToList();
        return best.Count == 1 || (best.Count == 2 && best[0].Distance < best[1].Distance) ? best[0].Name : null;
    }

    /// <summary>Levenshtein distance, case-insensitive (users type --Emulator too).</summary>
    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + substitution);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
