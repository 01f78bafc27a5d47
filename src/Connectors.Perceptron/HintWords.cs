using System.Collections;
using System.Text;
using System.Text.Json;

namespace Connectors.Perceptron;

/// <summary>Reads hints from the forms callers use, and writes the <c>&lt;hint&gt;</c> tag.</summary>
internal static class HintWords
{
    // Alphabetical, as the vendor's Python SDK orders them.
    private static readonly (PerceptronHints Hint, string Word)[] Ordered =
    [
        (PerceptronHints.Box, "BOX"),
        (PerceptronHints.Clip, "CLIP"),
        (PerceptronHints.Focus, "FOCUS"),
        (PerceptronHints.Point, "POINT"),
        (PerceptronHints.Polygon, "POLYGON"),
        (PerceptronHints.Think, "THINK"),
    ];

    public static PerceptronHints Parse(object? value) => value switch
    {
        null => PerceptronHints.None,
        PerceptronHints hints => hints,
        string text => ParseWords(text),
        JsonElement { ValueKind: JsonValueKind.String } element => ParseWords(element.GetString()!),
        JsonElement { ValueKind: JsonValueKind.Array } element => element.EnumerateArray().Aggregate(PerceptronHints.None, (all, item) => all | Parse(item)),
        IEnumerable items => items.Cast<object?>().Aggregate(PerceptronHints.None, (all, item) => all | Parse(item)),
        _ => throw new ArgumentException($"ChatOptions.AdditionalProperties['hints'] holds a {value.GetType().Name}; use PerceptronHints or words such as \"BOX THINK\"."),
    };

    public static string ToTag(PerceptronHints hints)
    {
        var tag = new StringBuilder("<hint>");
        var first = true;
        foreach (var (hint, word) in Ordered)
        {
            if ((hints & hint) != 0)
            {
                tag.Append(first ? string.Empty : " ").Append(word);
                first = false;
            }
        }

        return tag.Append("</hint>").ToString();
    }

    private static PerceptronHints ParseWords(string text)
    {
        var hints = PerceptronHints.None;
        foreach (var word in text.Split([' ', ',', '|', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = Array.FindIndex(Ordered, entry => entry.Word.Equals(word, StringComparison.OrdinalIgnoreCase));
            hints |= match >= 0
                ? Ordered[match].Hint
                : throw new ArgumentException($"Unknown Perceptron hint '{word}': use BOX, POINT, POLYGON, CLIP, THINK or FOCUS.");
        }

        return hints;
    }
}
