using System.Globalization;

namespace Connectors.Emulator.Knowledge;

/// <summary>Splits a text or Markdown document into paragraph chunks, each titled by its nearest heading.</summary>
internal static class DocumentChunker
{
    public static List<KnowledgeRow> Chunk(string fileName, string text)
    {
        var documentId = "doc_" + TextTokens.Hash(fileName).ToString("x8", CultureInfo.InvariantCulture); // the same file name, the same id, across runs
        var docTitle = Path.GetFileNameWithoutExtension(fileName);
        var rows = new List<KnowledgeRow>();
        var pages = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\f');
        var heading = docTitle;
        for (var p = 0; p < pages.Length; p++)
        {
            foreach (var block in pages[p].Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var lines = block.Split('\n', StringSplitOptions.TrimEntries).ToList();
                // A heading line titles the paragraphs after it; a bare heading is not a chunk.
                while (lines.Count > 0 && lines[0].StartsWith('#'))
                {
                    heading = lines[0].TrimStart('#').Trim();
                    lines.RemoveAt(0);
                }

                var body = string.Join(' ', lines.Where(l => l.Length > 0));
                if (body.Length == 0)
                {
                    continue;
                }

                rows.Add(new KnowledgeRow(heading, body, fileName, p + 1, $"{documentId}-{rows.Count.ToString(CultureInfo.InvariantCulture)}") { DocumentId = documentId });
            }
        }

        return rows;
    }
}
