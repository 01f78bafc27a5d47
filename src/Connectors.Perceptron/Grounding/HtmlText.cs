using System.Text;

namespace Connectors.Perceptron.Grounding;

/// <summary>HTML character references in attribute values, both ways.</summary>
internal static class HtmlText
{
    // The longest entity name is 32 characters (as in Python's html.unescape, which the vendor's SDK uses).
    private const int MaxEntityName = 32;

    /// <summary>
    /// Decodes character references as Python's <c>html.unescape</c> does (the HTML5 rules): every named entity of
    /// the HTML5 table, the legacy names without <c>;</c> (also as the longest prefix of a longer name),
    /// <c>&amp;#NN</c> and <c>&amp;#xNN</c> with or without <c>;</c>. Anything else stays literal.
    /// </summary>
    public static string Unescape(ReadOnlySpan<char> value)
    {
        var amp = value.IndexOf('&');
        if (amp < 0)
        {
            return value.ToString();
        }

        var sb = new StringBuilder(value.Length);
        var i = 0;
        while (amp >= 0)
        {
            sb.Append(value[i..(i + amp)]);
            i += amp;
            var used = i + 1 >= value.Length ? 0 : value[i + 1] == '#' ? DecodeNumeric(value[(i + 1)..], sb) : DecodeNamed(value[(i + 1)..], sb);
            if (used > 0)
            {
                i += used + 1;
            }
            else
            {
                sb.Append('&');
                i++;
            }

            amp = value[i..].IndexOf('&');
        }

        sb.Append(value[i..]);
        return sb.ToString();
    }

    /// <summary>Decodes <c>#NN</c> or <c>#xNN</c> (<c>;</c> optional); returns the characters used, 0 when none.</summary>
    private static int DecodeNumeric(ReadOnlySpan<char> rest, StringBuilder sb)
    {
        var hex = rest.Length > 1 && rest[1] is 'x' or 'X';
        var i = hex ? 2 : 1;
        var start = i;
        var code = 0;
        while (i < rest.Length && (hex ? char.IsAsciiHexDigit(rest[i]) : char.IsAsciiDigit(rest[i])))
        {
            // Saturate: any number beyond Unicode decodes the same way.
            code = Math.Min((code * (hex ? 16 : 10)) + HexValue(rest[i]), 0x110000);
            i++;
        }

        if (i == start)
        {
            return 0;
        }

        if (i < rest.Length && rest[i] == ';')
        {
            i++;
        }

        AppendCodePoint(code, sb);
        return i;
    }

    /// <summary>
    /// The HTML spec's (and Python's) mapping: NUL, surrogates and code points beyond Unicode become U+FFFD,
    /// 0x80–0x9F the Windows-1252 characters, other controls and noncharacters are dropped.
    /// </summary>
    private static void AppendCodePoint(int code, StringBuilder sb)
    {
        if (code == 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
        {
            sb.Append('\uFFFD');
        }
        else if (code == 0x0D)
        {
            sb.Append('\r');
        }
        else if (code >= 0x80 && code <= 0x9F)
        {
            sb.Append(Windows1252[code - 0x80]);
        }
        else if ((code >= 0x01 && code <= 0x08) || code == 0x0B || (code >= 0x0E && code <= 0x1F) || code == 0x7F ||
            (code >= 0xFDD0 && code <= 0xFDEF) || (code & 0xFFFE) == 0xFFFE)
        {
            // Dropped, as Python's html.unescape does.
        }
        else
        {
            sb.Append(char.ConvertFromUtf32(code));
        }
    }

    // 0x80-0x9F as Windows-1252 (the five it leaves undefined stay themselves).
    private const string Windows1252 =
        "\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F" +
        "\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178";

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    /// <summary>
    /// Decodes a named reference: the whole name (up to 32 characters, then an optional <c>;</c>), else its longest
    /// prefix of two or more characters that is a legacy name. Returns the characters used, 0 when none.
    /// </summary>
    private static int DecodeNamed(ReadOnlySpan<char> rest, StringBuilder sb)
    {
        var n = 0;
        while (n < rest.Length && n < MaxEntityName && rest[n] is not ('\t' or '\n' or '\f' or ' ' or '<' or '&' or '#' or ';'))
        {
            n++;
        }

        if (n == 0)
        {
            return 0;
        }

        if (n < rest.Length && rest[n] == ';')
        {
            n++;
        }

        // The whole run first, then shorter prefixes (only legacy names, which need no ';', can match those).
        var lookup = HtmlEntities.Lookup;
        for (var length = n; length >= 2; length--)
        {
            if (lookup.TryGetValue(rest[..length], out var text))
            {
                sb.Append(text);
                return length;
            }
        }

        return 0;
    }

    /// <summary>Escapes a value for a double-quoted attribute.</summary>
    public static void AppendEscaped(StringBuilder sb, string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '&':
                    sb.Append("&amp;");
                    break;
                case '<':
                    sb.Append("&lt;");
                    break;
                case '>':
                    sb.Append("&gt;");
                    break;
                case '"':
                    sb.Append("&quot;");
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }
    }
}
