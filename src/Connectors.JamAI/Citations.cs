using Microsoft.Extensions.AI;

namespace Connectors.JamAI;

/// <summary>Turns the <c>[@n]</c> / <c>[@n; @m]</c> markers of an answer into citation annotations.</summary>
internal static class Citations
{
    public static IReadOnlyList<CitationAnnotation> Find(string? text, JamAIReferences references)
    {
        if (string.IsNullOrEmpty(text) || references.Chunks.Count == 0)
        {
            return [];
        }

        var citations = new List<CitationAnnotation>();
        var indexes = new List<int>();
        var position = 0;
        while ((position = text.IndexOf("[@", position, StringComparison.Ordinal)) >= 0)
        {
            if (!TryParseMarker(text, position, indexes, out var end))
            {
                position += 2;
                continue;
            }

            foreach (var index in indexes)
            {
                if (index < references.Chunks.Count && references.Chunks[index] is { } chunk)
                {
                    citations.Add(Create(chunk, index, position, end));
                }
            }

            position = end;
        }

        return citations;
    }

    /// <summary>Parses <c>[@0]</c>, <c>[@0; @3]</c> or <c>[@0, @3]</c> at <paramref name="start"/>; <paramref name="end"/> is exclusive.</summary>
    private static bool TryParseMarker(string text, int start, List<int> indexes, out int end)
    {
        indexes.Clear();
        var i = start + 1;
        end = start;
        while (true)
        {
            if (i >= text.Length || text[i] != '@')
            {
                return false;
            }

            i++;
            var digitsStart = i;
            long value = 0;
            while (i < text.Length && char.IsAsciiDigit(text[i]) && i - digitsStart < 6)
            {
                value = (value * 10) + (text[i] - '0');
                i++;
            }

            if (i == digitsStart)
            {
                return false;
            }

            if (!indexes.Contains((int)value))
            {
                indexes.Add((int)value);
            }

            i = SkipSpaces(text, i);
            if (i < text.Length && text[i] == ']')
            {
                end = i + 1;
                return true;
            }

            if (i >= text.Length || (text[i] != ';' && text[i] != ','))
            {
                return false;
            }

            i = SkipSpaces(text, i + 1);
        }
    }

    private static int SkipSpaces(string text, int i)
    {
        while (i < text.Length && text[i] == ' ')
        {
            i++;
        }

        return i;
    }

    private static CitationAnnotation Create(JamAIChunk chunk, int index, int start, int end)
    {
        Uri? url = null;
        string? fileId = null;
        if (!string.IsNullOrEmpty(chunk.FilePath))
        {
            if (Uri.TryCreate(chunk.FilePath, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
            {
                url = uri;
            }
            else
            {
                fileId = chunk.FilePath;
            }
        }

        var properties = new AdditionalPropertiesDictionary { ["chunk_index"] = index };
        if (chunk.ChunkId is not null)
        {
            properties["chunk_id"] = chunk.ChunkId;
        }

        if (chunk.DocumentId is not null)
        {
            properties["document_id"] = chunk.DocumentId;
        }

        if (chunk.Page is { } page)
        {
            properties["page"] = page;
        }

        if (chunk.FileName is not null)
        {
            properties["file_name"] = chunk.FileName;
        }

        return new CitationAnnotation
        {
            Title = chunk.Title ?? chunk.FileName,
            Snippet = chunk.Text,
            Url = url,
            FileId = fileId,
            AnnotatedRegions = [new TextSpanAnnotatedRegion { StartIndex = start, EndIndex = end }],
            AdditionalProperties = properties,
            RawRepresentation = chunk,
        };
    }
}
