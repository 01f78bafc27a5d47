using System.Text;

namespace Connectors.Perceptron.Grounding;

/// <summary>
/// The vendor SDK's <c>strip_tags</c> rule, for <see cref="GroundingParser.StripTags"/>: a closed collection or track is
/// removed whole (from its opening to its closing tag), a point, box or polygon with its closing tag right after it
/// is removed whole, a self-closing clip is removed, an unclosed or stray container tag is removed on its own, and
/// a stray point, box, polygon or clip tag stays (it is prose). Not the parser: a separate, simple reading.
/// </summary>
internal static class TagStripper
{
    private static readonly (string Name, TagKind Kind)[] Names =
    [
        ("point_box", TagKind.Box), ("point", TagKind.Point), ("polygon", TagKind.Polygon), ("clip", TagKind.Clip),
        ("collection", TagKind.Collection), ("track", TagKind.Track),
    ];

    public static string Strip(string text)
    {
        var tokens = Tokenize(text);
        if (tokens.Count == 0)
        {
            return text;
        }

        var containerEnds = ClosedContainerEnds(tokens);
        var sb = new StringBuilder(text.Length);
        var idx = 0;
        for (var i = 0; i < tokens.Count;)
        {
            var tok = tokens[i++];
            var end = tok.End;
            if (containerEnds.TryGetValue(tok.Start, out var containerEnd))
            {
                end = containerEnd;
                while (i < tokens.Count && tokens[i].Start < end)
                {
                    i++;
                }
            }
            else if (!IsContainer(tok.Kind))
            {
                if (i < tokens.Count && Pairs(tok, tokens[i]))
                {
                    end = tokens[i++].End;
                }
                else if (!tok.SelfClosing)
                {
                    continue;
                }
            }

            sb.Append(text, idx, tok.Start - idx);
            idx = end;
        }

        sb.Append(text, idx, text.Length - idx);
        return sb.ToString();
    }

    private static bool IsContainer(TagKind kind) => kind is TagKind.Collection or TagKind.Track;

    private static bool Pairs(Token tok, Token next) =>
        !tok.Closing && !tok.SelfClosing && next.Closing && next.Kind == tok.Kind;

    /// <summary>The start and end of each outermost closed container (looking inside unclosed ones).</summary>
    private static Dictionary<int, int> ClosedContainerEnds(List<Token> tokens)
    {
        var nodes = new List<(int Start, int End, int Parent, TagKind Kind)>();
        var stack = new List<int>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var tok = tokens[i];
            if (!IsContainer(tok.Kind))
            {
                // A leaf and its closing tag go together; neither touches the containers.
                if (!tok.SelfClosing && i + 1 < tokens.Count && Pairs(tok, tokens[i + 1]))
                {
                    i++;
                }

                continue;
            }

            if (!tok.Closing)
            {
                nodes.Add((tok.Start, -1, stack.Count > 0 ? stack[^1] : -1, tok.Kind));
                stack.Add(nodes.Count - 1);
                continue;
            }

            var depth = stack.FindLastIndex(n => nodes[n].Kind == tok.Kind);
            if (depth < 0)
            {
                continue;
            }

            var closed = stack[depth];
            nodes[closed] = nodes[closed] with { End = tok.End };
            stack.RemoveRange(depth, stack.Count - depth);
        }

        var ends = new Dictionary<int, int>();
        for (var n = 0; n < nodes.Count; n++)
        {
            if (nodes[n].End < 0)
            {
                continue;
            }

            var outermost = true;
            for (var parent = nodes[n].Parent; parent >= 0; parent = nodes[parent].Parent)
            {
                outermost &= nodes[parent].End < 0;
            }

            if (outermost)
            {
                ends[nodes[n].Start] = nodes[n].End;
            }
        }

        return ends;
    }

    /// <summary>Every tag token: a known name, then quoted strings or characters other than quotes and angle brackets, then <c>&gt;</c>.</summary>
    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var p = text.AsSpan().IndexOf('<');
        while (p >= 0)
        {
            var next = p + 1;
            if (TryReadToken(text, p, out var token, out var matchEnd))
            {
                next = matchEnd;
                if (token is { } t)
                {
                    tokens.Add(t);
                }
            }

            var rel = next < text.Length ? text.AsSpan(next).IndexOf('<') : -1;
            p = rel < 0 ? -1 : next + rel;
        }

        return tokens;
    }

    /// <summary>Matches a tag at <paramref name="p"/>; a match that is not a token (a closing tag with attributes, a self-closing non-clip) gives none.</summary>
    private static bool TryReadToken(string text, int p, out Token? token, out int end)
    {
        token = null;
        end = p;
        var i = p + 1;
        var closing = i < text.Length && text[i] == '/';
        if (closing)
        {
            i++;
        }

        var kind = TagKind.None;
        foreach (var (name, k) in Names)
        {
            if (string.Compare(text, i, name, 0, name.Length, StringComparison.OrdinalIgnoreCase) == 0 &&
                (i + name.Length >= text.Length || !IsWordChar(text[i + name.Length])))
            {
                kind = k;
                i += name.Length;
                break;
            }
        }

        if (kind == TagKind.None)
        {
            return false;
        }

        var attrsStart = i;
        while (i < text.Length && text[i] != '>')
        {
            var c = text[i];
            if (c == '<')
            {
                return false;
            }

            if (c is '"' or '\'')
            {
                var rel = text.AsSpan(i + 1).IndexOf(c);
                if (rel < 0)
                {
                    return false;
                }

                i += rel + 2;
                continue;
            }

            i++;
        }

        if (i >= text.Length)
        {
            return false;
        }

        end = i + 1;
        var attrs = text.AsSpan(attrsStart, i - attrsStart).TrimEnd();
        var selfClosing = !closing && attrs.EndsWith('/');
        if ((closing && !attrs.IsEmpty) || (selfClosing && kind != TagKind.Clip))
        {
            return true;
        }

        token = new Token(kind, closing, selfClosing, p, end);
        return true;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    private readonly record struct Token(TagKind Kind, bool Closing, bool SelfClosing, int Start, int End);
}
