using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Connectors.Emulator.Chat.Tools;

/// <summary>
/// The emulator model's own tool use, so agent code runs against it with no scripted rules: it calls the declared tool
/// whose name and description best match what the user asks (by shared words, with a few everyday phrasings such as
/// "how many" for counting), fills the arguments from the conversation, and once results come back answers from them.
/// </summary>
internal static partial class ToolPlanner
{
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "the", "a", "an", "and", "or", "of", "in", "on", "to", "for", "is", "are", "be", "it", "its", "this", "that", "with",
        "what", "which", "who", "me", "my", "you", "your", "please", "can", "could", "would", "there", "here", "do", "does",
        "use", "using", "tool", "tools", "picture", "photo", "image", "images", "one", "each", "such", "as", "from", "by", "at",
        "about", "all", "any", "every", "when", "known", "grid", "coordinate", "coordinates", "return", "returns", "give", "tell",
    };

    /// <summary>Everyday phrasings and the words tool descriptions use for them.</summary>
    private static readonly (string Phrase, string[] Means)[] Phrasings =
    [
        ("how many", ["count"]), ("number of", ["count"]), ("where", ["locate", "find", "point"]),
        ("what does it say", ["read", "text"]), ("written", ["read", "text"]), ("ocr", ["read", "text"]),
        ("describe", ["describe", "caption"]), ("caption", ["describe", "caption"]), ("outline", ["outline", "polygon"]),
        ("segment", ["outline", "polygon"]), ("detect", ["find", "box"]), ("boxes", ["find", "box"]), ("weather", ["weather"]),
    ];

    /// <summary>The call the model makes for this request, or null to answer in text.</summary>
    public static ToolCallOut? Choose(ChatInput input)
    {
        var asked = Words(input.LastUserText);
        var lower = input.LastUserText.ToLowerInvariant();
        foreach (var (phrase, means) in Phrasings)
        {
            if (lower.Contains(phrase, StringComparison.Ordinal))
            {
                asked.UnionWith(means);
            }
        }

        ToolDeclaration? best = null;
        var bestScore = 0;
        foreach (var tool in input.Tools)
        {
            var offered = Words(SplitName(tool.Name) + " " + tool.Description);
            var score = asked.Count(offered.Contains);
            if (score > bestScore)
            {
                (best, bestScore) = (tool, score);
            }
        }

        if (best is null)
        {
            return null;
        }

        var arguments = new JsonObject();
        foreach (var parameter in best.Parameters)
        {
            if (Argument(parameter, input) is { } value)
            {
                arguments[parameter.Name] = value;
            }
        }

        return new ToolCallOut($"call_{Guid.NewGuid():N}"[..24], best.Name, arguments.ToJsonString());
    }

    /// <summary>The tool results folded into the last user text (<c>&lt;tool_result id name&gt;…&lt;/tool_result&gt;</c>), in order.</summary>
    public static IReadOnlyList<(string Name, string Result)> FoldedResults(string text) =>
        [.. FoldedResult().Matches(text).Select(m => (m.Groups["name"].Value, System.Net.WebUtility.HtmlDecode(m.Groups["result"].Value)))];

    /// <summary>One sentence per result: its answer, count or text when it has one, else the result itself.</summary>
    public static string Answer(IReadOnlyList<(string Name, string Result)> results) =>
        string.Join(" ", results.Select(r => Sentence(r.Name, r.Result)));

    private static string Sentence(string name, string result)
    {
        JsonNode? node = null;
        try
        {
            node = JsonNode.Parse(result);
        }
        catch (JsonException)
        {
            // Plain text results are quoted as they are.
        }

        if (node is JsonObject o)
        {
            if (o["count"] is JsonValue count && count.TryGetValue<int>(out var n))
            {
                var what = (o["objects"] as JsonValue)?.ToString() ?? "objects";
                return n == 1
                    ? $"I counted 1 {SingularOfLast(what)} with {name}."
                    : $"I counted {n.ToString(CultureInfo.InvariantCulture)} {what} with {name}.";
            }

            foreach (var key in new[] { "answer", "text", "description", "result" })
            {
                if (o[key] is JsonValue value && value.ToString() is { Length: > 0 } said)
                {
                    return $"{name} says: {Sentenced(said)}";
                }
            }
        }

        var plain = node is JsonValue v && v.TryGetValue<string>(out var s) ? s : result;
        return plain.Length == 0 ? $"{name} returned nothing." : $"{name} returned: {Sentenced(Shorten(plain))}";
    }

    private static JsonNode? Argument(ToolParameter parameter, ChatInput input)
    {
        var text = input.LastUserText;
        var words = $"{parameter.Name} {parameter.Description}".ToLowerInvariant();
        if (parameter.Choices.Count > 0)
        {
            var named = parameter.Choices.FirstOrDefault(c => text.Contains(c, StringComparison.OrdinalIgnoreCase));
            return named is not null ? named : parameter.Required ? parameter.Choices[0] : null;
        }

        switch (parameter.Type)
        {
            case "integer" or "number":
                var number = NumberIn().Match(text);
                return number.Success ? JsonValue.Create(double.Parse(number.Value, CultureInfo.InvariantCulture)) : parameter.Required ? 0 : null;
            case "boolean":
                return parameter.Required ? Words(text).Overlaps(Words(SplitName(parameter.Name))) : null;
        }

        if (words.Contains("image", StringComparison.Ordinal) || words.Contains("url", StringComparison.Ordinal) || words.Contains("file", StringComparison.Ordinal))
        {
            return ImageReference(input.SystemText + "\n" + text);
        }

        if (!parameter.Required)
        {
            return null;
        }

        if (words.Contains("question", StringComparison.Ordinal) || words.Contains("query", StringComparison.Ordinal) || words.Contains("prompt", StringComparison.Ordinal))
        {
            return text.Trim();
        }

        // What to act on: the words after "how many" / "count" / "find" ... up to "in", "on", "?" and the like.
        // Else a name (a capitalised word past the first, "Paris"), else the whole request.
        var target = Target().Match(text);
        if (target.Success)
        {
            return target.Groups["what"].Value.Trim();
        }

        var name = ProperName().Match(text);
        return name.Success ? name.Groups["name"].Value : text.Trim();
    }

    /// <summary>An image the conversation names: a URL, a quoted name, <c>image-N</c> / <c>image:N</c>, else the latest one.</summary>
    private static string ImageReference(string text)
    {
        var url = UrlIn().Match(text);
        if (url.Success)
        {
            return url.Value.TrimEnd('.', ',', ')');
        }

        var numbered = NumberedImage().Match(text);
        if (numbered.Success)
        {
            return numbered.Value;
        }

        var quoted = Quoted().Match(text);
        return quoted.Success ? quoted.Groups["name"].Value : "latest";
    }

    private static HashSet<string> Words(string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in WordIn().Matches(text.ToLowerInvariant()))
        {
            var w = m.Value;
            if (w.Length < 3 || Ignored.Contains(w))
            {
                continue;
            }

            words.Add(Stem(w));
        }

        return words;
    }

    /// <summary>A crude stem, enough to match "counts"/"counting" with "count" and "objects" with "object".</summary>
    private static string Stem(string word) =>
        word.EndsWith("ing", StringComparison.Ordinal) && word.Length > 5 ? word[..^3]
        : word.EndsWith("es", StringComparison.Ordinal) && word.Length > 4 && word[^3] is 's' or 'x' or 'h' ? word[..^2]
        : word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && word.Length > 3 ? word[..^1]
        : word;

    /// <summary><c>Vision_CountObjects</c> → "Vision Count Objects".</summary>
    private static string SplitName(string name) => CamelBoundary().Replace(name.Replace('_', ' ').Replace('-', ' '), " ");

    /// <summary>"red circles" → "red circle" (the last word only; enough for the emulator's shapes).</summary>
    private static string SingularOfLast(string phrase) =>
        phrase.EndsWith('s') && !phrase.EndsWith("ss", StringComparison.Ordinal) && phrase.Length > 3 ? phrase[..^1] : phrase;

    private static string Sentenced(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length > 0 && !".!?".Contains(trimmed[^1], StringComparison.Ordinal) ? trimmed + "." : trimmed;
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    [GeneratedRegex("""<tool_result\b[^>]*\bname="(?<name>[^"]*)"[^>]*>(?<result>.*?)</tool_result>""", RegexOptions.Singleline)]
    private static partial Regex FoldedResult();

    [GeneratedRegex(@"[a-z][a-z0-9]*")]
    private static partial Regex WordIn();

    [GeneratedRegex("(?<=[a-z0-9])(?=[A-Z])")]
    private static partial Regex CamelBoundary();

    [GeneratedRegex(@"-?\d+(\.\d+)?")]
    private static partial Regex NumberIn();

    [GeneratedRegex(@"(?:https?|data):[^\s'""]+", RegexOptions.IgnoreCase)]
    private static partial Regex UrlIn();

    [GeneratedRegex(@"\bimage[-:]\d+\b", RegexOptions.IgnoreCase)]
    private static partial Regex NumberedImage();

    [GeneratedRegex("""['"“‘](?<name>[\w.\-:/]{1,80})['"”’]""")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"(?<=\S\s+)(?<name>\p{Lu}[\p{L}\-']+(?:\s+\p{Lu}[\p{L}\-']+)*)")]
    private static partial Regex ProperName();

    [GeneratedRegex(@"(?:how many|count|find|locate|detect|outline|segment|where (?:is|are))\s+(?:the\s+|all\s+)?(?<what>[\w\s\-]+?)(?=\s+(?:in|on|at|of|from|are|is|there)\b|[?.!,]|$)", RegexOptions.IgnoreCase)]
    private static partial Regex Target();
}
