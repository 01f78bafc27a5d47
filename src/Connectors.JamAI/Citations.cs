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

    /// <summary>
    /// One citation of <paramref name="chunk"/>. The current server sends <c>file_name</c> and <c>file_path</c> as
    /// <c>""</c> and the file's storage address (<c>s3://…</c>) in <c>document_id</c>, and <c>title</c> as <c>""</c>
    /// for untitled rows: empty strings are read as absent, and the source comes from <c>document_id</c> first.
    /// </summary>
    private static CitationAnnotation Create(JamAIChunk chunk, int index, int start, int end)
    {
        var fileId = NonEmpty(chunk.DocumentId);
        Uri? url = null;
        if (NonEmpty(chunk.FilePath) is { } path)
        {
            // Older servers wrote a path or URL here.
            if (Uri.TryCreate(path, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
            {
                url = uri;
            }
            else
            {
                fileId ??= path;
            }
        }

        var properties = new AdditionalPropertiesDictionary { ["chunk_index"] = index };
        Add(properties, "chunk_id", NonEmpty(chunk.ChunkId));
        Add(properties, "document_id", NonEmpty(chunk.DocumentId));
        Add(properties, "file_name", NonEmpty(chunk.FileName));
        if (chunk.Page is { } page)
        {
            properties["page"] = page;
        }

        if (chunk.Metadata is { } metadata && metadata.TryGetValue("rrf_score", out var score) && ReadScore(score) is { } rrf)
        {
            properties["rrf_score"] = rrf;
        }

        return new CitationAnnotation
        {
            Title = NonEmpty(chunk.Title) ?? NonEmpty(chunk.FileName),
            Snippet = NonEmpty(chunk.Text),
            Url = url,
            FileId = fileId,
            AnnotatedRegions = [new TextSpanAnnotatedRegion { StartIndex = start, EndIndex = end }],
            AdditionalProperties = properties,
            RawRepresentation = chunk,
        };
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static void Add(AdditionalPropertiesDictionary properties, string key, string? value)
    {
        if (value is not null)
        {
            properties[key] = value;
        }
    }

    /// <summary>The server writes metadata values as strings (<c>"0.0327…"</c>); a number is read as well.</summary>
    private static double? ReadScore(System.Text.Json.JsonElement value) => value.ValueKind switch
    {
        System.Text.Json.JsonValueKind.Number => value.GetDouble(),
        System.Text.Json.JsonValueKind.String when double.TryParse(value.GetString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };
}
