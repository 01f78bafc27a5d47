using System.Globalization;
using System.Text;

namespace Connectors.Perceptron.Grounding;

/// <summary>The few HTML entities attribute values use, both ways.</summary>
internal static class HtmlText
{
    /// <summary>Decodes <c>&amp;amp; &amp;lt; &amp;gt; &amp;quot; &amp;#39; &amp;apos; &amp;#NN; &amp;#xNN;</c>; anything else stays literal.</summary>
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
            var rest = value[i..];
            var semi = rest.IndexOf(';');
            if (semi > 1 && semi <= 10 && TryDecode(rest[1..semi], sb))
            {
                i += semi + 1;
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

    private static bool TryDecode(ReadOnlySpan<char> name, StringBuilder sb)
    {
        switch (name)
        {
            case "amp":
                sb.Append('&');
                return true;
            case "lt":
                sb.Append('<');
                return true;
            case "gt":
                sb.Append('>');
                return true;
            case "quot":
                sb.Append('"');
                return true;
            case "apos":
                sb.Append('\'');
                return true;
            default:
                break;
        }

        if (name.Length < 2 || name[0] != '#')
        {
            return false;
        }

        var ok = name[1] is 'x' or 'X'
            ? int.TryParse(name[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
            : int.TryParse(name[1..], NumberStyles.None, CultureInfo.InvariantCulture, out code);
        if (!ok)
        {
            return false;
        }

        // The HTML spec (and Python's html.unescape, which the SDK uses) turns NUL, surrogates and
        // code points beyond Unicode into U+FFFD instead of a raw control character.
        if (code == 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
        {
            sb.Append('\uFFFD');
            return true;
        }

        sb.Append(char.ConvertFromUtf32(code));
        return true;
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
