using System.Runtime.CompilerServices;

namespace Connectors.Perceptron.Grounding;

/// <summary>Reading tag names, opening tags with attributes, and closing tags.</summary>
internal sealed partial class GroundingScanner
{
    private const int MaxAttributeName = 64;
    private const int MaxUnquotedValue = 1024;

    /// <summary>Reads a tag name at <paramref name="i"/>; returns the kind, or NeedMore/NotTag via <paramref name="step"/>.</summary>
    private static TagKind ReadName(ReadOnlySpan<char> s, ref int i, bool final, out ScanStep step)
    {
        var start = i;
        while (i < s.Length && (char.IsAsciiLetter(s[i]) || s[i] == '_'))
        {
            if (i - start > 12)
            {
                step = ScanStep.NotTag;
                return TagKind.None;
            }

            i++;
        }

        if (i >= s.Length)
        {
            step = final ? ScanStep.NotTag : ScanStep.NeedMore;
            return TagKind.None;
        }

        var next = s[i];
        if (!(IsSpace(next) || next == '>' || next == '/'))
        {
            step = ScanStep.NotTag;
            return TagKind.None;
        }

        var kind = KindOf(s[start..i]);
        step = kind == TagKind.None ? ScanStep.NotTag : ScanStep.Done;
        return kind;
    }

    private static TagKind KindOf(ReadOnlySpan<char> name) => name.Length switch
    {
        4 when name.Equals("clip", StringComparison.OrdinalIgnoreCase) => TagKind.Clip,
        5 when name.Equals("point", StringComparison.OrdinalIgnoreCase) => TagKind.Point,
        5 when name.Equals("track", StringComparison.OrdinalIgnoreCase) => TagKind.Track,
        5 when name.Equals("think", StringComparison.OrdinalIgnoreCase) => TagKind.Think,
        7 when name.Equals("polygon", StringComparison.OrdinalIgnoreCase) => TagKind.Polygon,
        9 when name.Equals("point_box", StringComparison.OrdinalIgnoreCase) => TagKind.Box,
        10 when name.Equals("collection", StringComparison.OrdinalIgnoreCase) => TagKind.Collection,
        _ => TagKind.None,
    };

    /// <summary>Reads <c>&lt;/name&gt;</c> at <paramref name="i"/> (the <c>&lt;</c>); sets <paramref name="end"/> past it.</summary>
    /// <summary>
    /// Reads the closing tag a leaf expects at <paramref name="i"/>: the exact <c>&lt;/name&gt;</c> is matched at
    /// once, anything else (other case, spaces, another name) goes through <see cref="ReadClosing(ReadOnlySpan{char}, int, bool, out TagKind, out int)"/>.
    /// </summary>
    private static ScanStep ReadClosing(ReadOnlySpan<char> s, int i, TagKind expected, bool final, out TagKind kind, out int end)
    {
        var exact = expected switch
        {
            TagKind.Point => "</point>",
            TagKind.Box => "</point_box>",
            TagKind.Polygon => "</polygon>",
            _ => null,
        };
        if (exact is not null && s[i..].StartsWith(exact, StringComparison.Ordinal))
        {
            (kind, end) = (expected, i + exact.Length);
            return ScanStep.Done;
        }

        return ReadClosing(s, i, final, out kind, out end);
    }

    private static ScanStep ReadClosing(ReadOnlySpan<char> s, int i, bool final, out TagKind kind, out int end)
    {
        kind = TagKind.None;
        end = i;
        if (i + 1 >= s.Length)
        {
            return final ? ScanStep.NotTag : ScanStep.NeedMore;
        }

        if (s[i + 1] != '/')
        {
            return ScanStep.NotTag;
        }

        var j = i + 2;
        kind = ReadName(s, ref j, final, out var step);
        if (step != ScanStep.Done)
        {
            return step;
        }

        while (j < s.Length && IsSpace(s[j]))
        {
            j++;
        }

        if (j >= s.Length)
        {
            return final ? ScanStep.NotTag : ScanStep.NeedMore;
        }

        if (s[j] != '>')
        {
            return ScanStep.NotTag;
        }

        end = j + 1;
        return ScanStep.Done;
    }

    /// <summary>Reads the attributes of an opening tag from <paramref name="i"/> (just after the name).</summary>
    private ScanStep ReadHeader(ReadOnlySpan<char> s, int i, bool final, ref TagHeader h, out string? reason)
    {
        reason = null;

        // The shape models write almost always, ` mention="…">`, decided without the general attribute loop
        // (which reads it the same way).
        if (s[i..].StartsWith(" mention=\"", StringComparison.Ordinal))
        {
            var close = _doubleQuote.Find(s, i + 10);
            if (close >= 0 && close + 1 < s.Length && s[close + 1] == '>')
            {
                (h.MentionStart, h.MentionLength, h.End) = (i + 10, close - i - 10, close + 2);
                return ScanStep.Done;
            }
        }

        while (true)
        {
            while (i < s.Length && IsSpace(s[i]))
            {
                i++;
            }

            if (i >= s.Length)
            {
                return CutOff(final, out reason);
            }

            var c = s[i];
            if (c == '>')
            {
                h.End = i + 1;
                return ScanStep.Done;
            }

            if (c == '/')
            {
                // "/>" or "/ >" closes the tag; a '/' elsewhere is junk, skipped as the SDK does.
                var j = i + 1;
                while (j < s.Length && IsSpace(s[j]))
                {
                    j++;
                }

                if (j >= s.Length)
                {
                    return CutOff(final, out reason);
                }

                if (s[j] == '>')
                {
                    h.SelfClosing = true;
                    h.End = j + 1;
                    return ScanStep.Done;
                }

                i++;
                continue;
            }

            // Unlike the SDK, a quote that opens no value ends the tag as malformed: prose with an apostrophe
            // ("<point at the cat's tail>") must not swallow the tags after it up to the next quote.
            if (c is '<' or '"' or '\'')
            {
                reason = $"unexpected '{c}' in the tag";
                return ScanStep.Failed;
            }

            var nameStart = i;
            while (i < s.Length && IsAttributeNameChar(s[i]))
            {
                if (i - nameStart >= MaxAttributeName)
                {
                    reason = "an attribute name is too long";
                    return ScanStep.Failed;
                }

                i++;
            }

            if (i == nameStart)
            {
                // Stray characters between attributes (a ',', a ';') are skipped, as the SDK does.
                i++;
                continue;
            }

            if (i >= s.Length)
            {
                return CutOff(final, out reason);
            }

            var nameEnd = i;
            while (i < s.Length && IsSpace(s[i]))
            {
                i++;
            }

            if (i >= s.Length)
            {
                return CutOff(final, out reason);
            }

            var valueStart = 0;
            var valueLength = 0;
            if (s[i] == '=')
            {
                i++;
                while (i < s.Length && IsSpace(s[i]))
                {
                    i++;
                }

                if (i >= s.Length)
                {
                    return CutOff(final, out reason);
                }

                var q = s[i];
                if (q is '"' or '\'')
                {
                    var close = (q == '"' ? _doubleQuote : _singleQuote).Find(s, i + 1);
                    if (close < 0)
                    {
                        return CutOff(final, out reason);
                    }

                    valueStart = i + 1;
                    valueLength = close - valueStart;
                    i = close + 1;
                }
                else
                {
                    valueStart = i;
                    while (true)
                    {
                        if (i >= s.Length)
                        {
                            return CutOff(final, out reason);
                        }

                        var v = s[i];
                        if (IsSpace(v) || v == '>')
                        {
                            break;
                        }

                        if (v == '/')
                        {
                            if (i + 1 >= s.Length)
                            {
                                return CutOff(final, out reason);
                            }

                            if (s[i + 1] == '>')
                            {
                                break;
                            }
                        }

                        if (v == '<' || i - valueStart >= MaxUnquotedValue)
                        {
                            reason = "a malformed attribute value";
                            return ScanStep.Failed;
                        }

                        i++;
                    }

                    valueLength = i - valueStart;
                }
            }

            if (valueLength > 0)
            {
                Assign(s[nameStart..nameEnd], valueStart, valueLength, ref h);
            }
        }
    }

    private static void Assign(ReadOnlySpan<char> name, int start, int length, ref TagHeader h)
    {
        // The first occurrence wins, as in HTML.
        if (name.Equals("mention", StringComparison.OrdinalIgnoreCase))
        {
            if (h.MentionLength == 0)
            {
                (h.MentionStart, h.MentionLength) = (start, length);
            }
        }
        else if (name.Equals("t", StringComparison.OrdinalIgnoreCase))
        {
            if (h.TimeLength == 0)
            {
                (h.TimeStart, h.TimeLength) = (start, length);
            }
        }
        else if (name.Equals("asset_idx", StringComparison.OrdinalIgnoreCase))
        {
            if (h.AssetLength == 0)
            {
                (h.AssetStart, h.AssetLength) = (start, length);
            }
        }
    }

    private static ScanStep CutOff(bool final, out string? reason)
    {
        reason = final ? "the tag is cut off by the end of the text" : null;
        return final ? ScanStep.Failed : ScanStep.NeedMore;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f';

    private static bool IsAttributeNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or ':' or '.';
}
