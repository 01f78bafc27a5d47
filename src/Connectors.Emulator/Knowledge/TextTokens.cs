namespace Connectors.Emulator.Knowledge;

/// <summary>Lower-case word terms without common stop words, lightly stemmed: what BM25 counts.</summary>
internal static class TextTokens
{
    private static readonly HashSet<string> Stop = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from", "has", "have", "how", "i",
        "in", "is", "it", "its", "me", "my", "of", "on", "or", "our", "so", "that", "the", "their", "there", "this",
        "to", "was", "we", "were", "what", "when", "where", "which", "who", "why", "will", "with", "you", "your",
    };

    /// <summary>FNV-1a of a text: stable across runs (document ids, embedding dimensions).</summary>
    public static uint Hash(string text)
    {
        var hash = 2166136261u;
        foreach (var ch in text)
        {
            hash = (hash ^ ch) * 16777619u;
        }

        return hash;
    }

    public static List<string> Terms(string text)
    {
        var terms = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (isWord && start < 0)
            {
                start = i;
            }
            else if (!isWord && start >= 0)
            {
                var word = text[start..i].ToLowerInvariant();
                if (!Stop.Contains(word))
                {
                    terms.Add(Stem(word));
                }

                start = -1;
            }
        }

        return terms;
    }

    private static string Stem(string w)
    {
        if (w.Length > 4 && w.EndsWith("ies", StringComparison.Ordinal))
        {
            return w[..^3] + "y";
        }

        if (w.Length > 3 && w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) && !w.EndsWith("us", StringComparison.Ordinal))
        {
            return w[..^1];
        }

        return w;
    }
}
