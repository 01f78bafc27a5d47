using Microsoft.Extensions.AI;

namespace Connectors.JamAI;

/// <summary>
/// Finds the <c>[@n]</c> markers of one streamed answer as its text arrives. The update whose text completes a
/// marker gets the marker's <see cref="CitationAnnotation"/>s, spanning the marker's part in that update's text; a
/// marker split across chunks is carried over (at most <see cref="MaxCarry"/> characters) until it closes.
/// </summary>
internal sealed class StreamedCitations(JamAIReferences references)
{
    /// <summary>Longer than any marker the gateway writes (<c>[@12; @345; …]</c>); a longer run is text.</summary>
    private const int MaxCarry = 128;

    private string _carry = string.Empty;

    /// <summary>Annotates <paramref name="text"/> with the citations whose markers it completes.</summary>
    public void Annotate(TextContent text)
    {
        var chunk = text.Text;
        if (string.IsNullOrEmpty(chunk) || (_carry.Length == 0 && !chunk.Contains('[', StringComparison.Ordinal)))
        {
            return;
        }

        var combined = _carry + chunk;
        var offset = _carry.Length;
        var found = Citations.Find(combined, references);
        var lastEnd = 0;
        foreach (var citation in found)
        {
            var region = (TextSpanAnnotatedRegion)citation.AnnotatedRegions![0];
            lastEnd = Math.Max(lastEnd, region.EndIndex!.Value);
            region.StartIndex = Math.Max(region.StartIndex!.Value - offset, 0);
            region.EndIndex -= offset;
            (text.Annotations ??= []).Add(citation);
        }

        _carry = OpenMarker(combined, lastEnd);
    }

    /// <summary>The unfinished marker at the end of <paramref name="text"/> (after <paramref name="from"/>), or empty.</summary>
    private static string OpenMarker(string text, int from)
    {
        var start = text.LastIndexOf('[');
        if (start < from || start < 0 || text.Length - start > MaxCarry || !IsMarkerPrefix(text.AsSpan(start)))
        {
            return string.Empty;
        }

        return text[start..];
    }

    /// <summary>Whether <paramref name="text"/> (starting with <c>[</c>) can still become a marker: <c>[@1; @</c> can, <c>[x</c> cannot.</summary>
    private static bool IsMarkerPrefix(ReadOnlySpan<char> text)
    {
        var expectAt = true;
        for (var i = 1; i < text.Length; i++)
        {
            var c = text[i];
            if (expectAt)
            {
                if (c != '@')
                {
                    return false;
                }

                expectAt = false;
                if (i + 1 < text.Length && !char.IsAsciiDigit(text[i + 1]))
                {
                    return false;
                }
            }
            else if (c is ';' or ',')
            {
                i = SkipSpaces(text, i + 1) - 1;
                expectAt = true;
            }
            else if (!char.IsAsciiDigit(c) && c != ' ')
            {
                return false; // ']' would have closed it; anything else is text
            }
        }

        return true;
    }

    private static int SkipSpaces(ReadOnlySpan<char> text, int i)
    {
        while (i < text.Length && text[i] == ' ')
        {
            i++;
        }

        return i;
    }
}
