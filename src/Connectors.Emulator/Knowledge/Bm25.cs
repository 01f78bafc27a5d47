namespace Connectors.Emulator.Knowledge;

/// <summary>Okapi BM25 over a fixed set of documents (k1 = 1.2, b = 0.75).</summary>
internal sealed class Bm25
{
    private const double K1 = 1.2;
    private const double B = 0.75;
    private readonly List<Dictionary<string, int>> _termCounts = [];
    private readonly List<int> _lengths = [];
    private readonly Dictionary<string, int> _documentFrequency = new(StringComparer.Ordinal);

    public Bm25(IEnumerable<string> documents)
    {
        foreach (var doc in documents)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            var terms = TextTokens.Terms(doc);
            foreach (var t in terms)
            {
                counts[t] = counts.GetValueOrDefault(t) + 1;
            }

            foreach (var t in counts.Keys)
            {
                _documentFrequency[t] = _documentFrequency.GetValueOrDefault(t) + 1;
            }

            _termCounts.Add(counts);
            _lengths.Add(terms.Count);
        }
    }

    /// <summary>Indexes of documents with a positive score, best first (ties keep document order).</summary>
    public List<(int Index, double Score)> Search(string query, int k)
    {
        var terms = TextTokens.Terms(query).Distinct().ToList();
        var n = _termCounts.Count;
        if (n == 0 || terms.Count == 0)
        {
            return [];
        }

        var averageLength = Math.Max(1, _lengths.Average());
        var scores = new List<(int Index, double Score)>();
        for (var d = 0; d < n; d++)
        {
            double score = 0;
            foreach (var t in terms)
            {
                if (!_termCounts[d].TryGetValue(t, out var tf))
                {
                    continue;
                }

                var df = _documentFrequency[t];
                var idf = Math.Log(1 + ((n - df + 0.5) / (df + 0.5)));
                score += idf * tf * (K1 + 1) / (tf + (K1 * (1 - B + (B * _lengths[d] / averageLength))));
            }

            if (score > 0)
            {
                scores.Add((d, score));
            }
        }

        return [.. scores.OrderByDescending(s => s.Score).ThenBy(s => s.Index).Take(k)];
    }
}
