using System.Globalization;
using System.Text.RegularExpressions;

namespace Connectors.Emulator.Knowledge;

/// <summary>Writes an extractive answer from retrieved chunks, citing them as <c>[@n]</c> (indexes into the chunks).</summary>
internal static partial class RagAnswerer
{
    public static string Answer(string query, IReadOnlyList<KnowledgeRow> chunks, bool inlineCitations)
    {
        if (chunks.Count == 0)
        {
            return "I could not find anything about this in the knowledge table.";
        }

        var queryTerms = TextTokens.Terms(query).ToHashSet(StringComparer.Ordinal);
        var candidates = new List<(string Sentence, int Chunk, int Overlap, int Order)>();
        for (var c = 0; c < chunks.Count; c++)
        {
            var sentences = SentenceEnd().Split(chunks[c].Text).Where(s => s.Trim().Length > 0).ToList();
            for (var s = 0; s < sentences.Count; s++)
            {
                var overlap = TextTokens.Terms(sentences[s]).Distinct().Count(queryTerms.Contains);
                candidates.Add((sentences[s].Trim(), c, overlap, candidates.Count));
            }
        }

        // The two most relevant sentences, told in the order of the chunks' ranking.
        var chosen = candidates.OrderByDescending(x => x.Overlap).ThenBy(x => x.Order).Take(2).OrderBy(x => x.Order).ToList();
        var parts = new List<string>();
        foreach (var group in chosen.GroupBy(x => x.Sentence, StringComparer.Ordinal))
        {
            var sentence = group.Key.TrimEnd();
            if (!inlineCitations)
            {
                parts.Add(sentence);
                continue;
            }

            // The same sentence in several chunks cites them all.
            var cited = candidates.Where(x => string.Equals(x.Sentence, group.Key, StringComparison.Ordinal)).Select(x => x.Chunk).Distinct().Order();
            var marker = "[" + string.Join("; ", cited.Select(i => "@" + i.ToString(CultureInfo.InvariantCulture))) + "]";
            parts.Add(InsertBeforeFinalStop(sentence, marker));
        }

        return string.Join(' ', parts);
    }

    private static string InsertBeforeFinalStop(string sentence, string marker)
    {
        var end = sentence.Length > 0 && ".!?".Contains(sentence[^1], StringComparison.Ordinal) ? sentence[^1].ToString() : ".";
        var body = sentence.Length > 0 && ".!?".Contains(sentence[^1], StringComparison.Ordinal) ? sentence[..^1] : sentence;
        return $"{body} {marker}{end}";
    }

    [GeneratedRegex(@"(?<=[.!?])\s+")]
    private static partial Regex SentenceEnd();
}
