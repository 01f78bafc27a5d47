using System.Text;

namespace Connectors.Perceptron.Grounding;

/// <summary>
/// The hand-written, forward-only scanner behind <see cref="GroundingParser"/> and
/// <see cref="StreamingGroundingParser"/>. It consumes text as far as it can decide; with <c>final: false</c> it
/// stops at a construct the end of the text leaves undecided, so the streaming and whole-text parses make the same
/// decisions.
/// </summary>
internal sealed partial class GroundingScanner
{
    private readonly AnnotationList _annotations = new();
    private AnnotationList? _leaves;
    private readonly List<GroundingError> _errors = [];
    private readonly OpenContainer _collectionSlot = new(TagKind.Collection);
    private readonly OpenContainer _trackSlot = new(TagKind.Track);
    private readonly StringBuilder? _text;
    private readonly TextSegments? _segments;
    private readonly CharSearch _doubleQuote = new('"');
    private readonly CharSearch _singleQuote = new('\'');
    private readonly CharSearch _lessThan = new('<');
    private StringBuilder? _thinkBlock;
    private List<string>? _reasoning;
    private OpenContainer? _collection;
    private OpenContainer? _track;
    private bool _inThink;
    private bool _trimLeadingSpace;
    private bool _finished;
    private int _pos;
    private int _origin;
    private TagHeader _pendingHeader;
    private int _pendingAt;
    private bool _hasPendingHeader;

    /// <summary>
    /// Creates a scanner that keeps the answer text in the chunks of a <see cref="StringBuilder"/> (no large copy
    /// as it grows), joined only when the result's text is read. Without <paramref name="collectText"/> only
    /// annotations, errors and reasoning are kept (the chat clients, whose response already holds the text).
    /// </summary>
    public GroundingScanner(bool collectText = true) =>
        _text = collectText ? new StringBuilder() : null;

    /// <summary>Creates a scanner for the whole of <paramref name="source"/>, whose answer text is joined only when read.</summary>
    public GroundingScanner(string source) => _segments = new TextSegments(source);

    /// <summary>Gets where scanning stopped, relative to the text last passed to <see cref="Advance"/>: what lies before it is consumed.</summary>
    public int Position => _pos;

    /// <summary>Gets the leaves found so far, in document order.</summary>
    /// <remarks>
    /// Until a collection or track opens, every annotation is a leaf of its own, so the leaves are the annotations
    /// (one list for both, in most answers); the first container starts a separate list.
    /// </remarks>
    public IReadOnlyList<GroundingAnnotation> Leaves => _leaves ?? _annotations;

    /// <summary>
    /// Scans from where the last call stopped. Returns <see langword="true"/> when it stopped at a construct that
    /// more text must decide.
    /// </summary>
    public bool Advance(ReadOnlySpan<char> s, bool final)
    {
        if (_finished)
        {
            return false;
        }

        while (_pos < s.Length)
        {
            if (_inThink)
            {
                if (AdvanceThink(s, final))
                {
                    return true;
                }

                continue;
            }

            var rel = s[_pos..].IndexOf('<');
            if (rel < 0)
            {
                EmitText(s[_pos..]);
                _pos = s.Length;
                break;
            }

            EmitText(s.Slice(_pos, rel));
            _pos += rel;
            var step = ScanTag(s, final);
            if (step == ScanStep.NeedMore)
            {
                return true;
            }

            if (step == ScanStep.NotTag)
            {
                EmitText(s.Slice(_pos, 1));
                _pos++;
            }
        }

        if (final)
        {
            Finish();
        }

        return false;
    }

    /// <summary>
    /// Tells the scanner that the first <paramref name="consumed"/> characters (at most <see cref="Position"/>) were
    /// dropped, so the next <see cref="Advance"/> gets the text from there on. Error positions stay absolute.
    /// </summary>
    public void Rebase(int consumed)
    {
        _pos -= consumed;
        _origin += consumed;
        _pendingAt -= consumed;
        _pendingHeader.Shift(-consumed);
        _doubleQuote.Rebase(consumed);
        _singleQuote.Rebase(consumed);
        _lessThan.Rebase(consumed);
    }

    /// <summary>
    /// The streaming fast path: with nothing pending (everything passed so far consumed and dropped by
    /// <see cref="Rebase"/>), a chunk without <c>&lt;</c> in plain answer text is that text as it is.
    /// Returns <see langword="false"/>, consuming nothing, when the chunk needs a real scan.
    /// </summary>
    public bool TryConsumePlainText(ReadOnlySpan<char> chunk)
    {
        if (_pos != 0 || _inThink || _finished || chunk.Contains('<'))
        {
            return false;
        }

        if (_text is not null)
        {
            if (_trimLeadingSpace || TextSuppressed)
            {
                return false;
            }

            _text.Append(chunk);
        }

        _origin += chunk.Length;
        return true;
    }

    /// <summary>Builds the result; call once, after a final <see cref="Advance"/>.</summary>
    public GroundingResult ToResult()
    {
        var reasoning = _reasoning is null ? null : string.Join("\n\n", _reasoning);
        var errors = _errors.ToArray();
        return _segments is not null ? new(_annotations, Leaves, errors, _segments, reasoning)
            : _text is not null ? new(_annotations, Leaves, errors, _text, reasoning)
            : new(_annotations, Leaves, errors, string.Empty, reasoning);
    }

    private void Finish()
    {
        _finished = true;
        if (_inThink)
        {
            EndThink();
        }

        if (_track is not null)
        {
            CloseTrack(incomplete: true);
        }

        if (_collection is not null)
        {
            CloseCollection(incomplete: true);
        }
    }

    /// <summary>Handles a <c>&lt;</c> at <see cref="_pos"/>; on Done or Failed <see cref="_pos"/> has moved on.</summary>
    private ScanStep ScanTag(ReadOnlySpan<char> s, bool final)
    {
        var p = _pos;
        if (p + 1 >= s.Length)
        {
            return final ? ScanStep.NotTag : ScanStep.NeedMore;
        }

        if (s[p + 1] == '/')
        {
            return ScanClosingTag(s, final);
        }

        // A stream stopped inside this tag's body last time: its opening tag was read then.
        if (_hasPendingHeader && _pendingAt == p)
        {
            _hasPendingHeader = false;
            return ScanOpened(s, _pendingHeader, final);
        }

        var i = p + 1;
        var kind = ReadName(s, ref i, final, out var step);
        if (step != ScanStep.Done)
        {
            return step;
        }

        if (kind == TagKind.Think)
        {
            return ScanThinkOpening(s, i, final);
        }

        var header = new TagHeader { Kind = kind };
        step = ReadHeader(s, i, final, ref header, out var reason);
        if (step == ScanStep.NeedMore)
        {
            return step;
        }

        if (step == ScanStep.Failed)
        {
            Fail(s, p, p + 1, GroundingErrorCodes.MalformedTag, $"malformed <{NameOf(kind)}> tag: {reason}");
            return ScanStep.Failed;
        }

        return ScanOpened(s, header, final);
    }

    /// <summary>Goes on after a well-formed opening tag; keeps the header when the rest of the tag is still to come.</summary>
    private ScanStep ScanOpened(ReadOnlySpan<char> s, in TagHeader header, bool final)
    {
        var step = header.Kind switch
        {
            TagKind.Clip => ScanClip(s, header, final),
            TagKind.Collection or TagKind.Track => OpenContainerTag(s, header),
            _ => ScanLeaf(s, header, final),
        };
        if (step == ScanStep.NeedMore)
        {
            (_pendingHeader, _pendingAt, _hasPendingHeader) = (header, _pos, true);
        }

        return step;
    }

    private ScanStep ScanClosingTag(ReadOnlySpan<char> s, bool final)
    {
        var p = _pos;
        var step = ReadClosing(s, p, final, out var kind, out var end);
        if (step != ScanStep.Done)
        {
            return step;
        }

        switch (kind)
        {
            case TagKind.Collection when _collection is not null:
                _pos = end;
                CloseCollection(incomplete: false);
                return ScanStep.Done;
            case TagKind.Track when _track is not null:
                _pos = end;
                CloseTrack(incomplete: false);
                return ScanStep.Done;
            case TagKind.Think:
                return ScanStep.NotTag;
            default:
                Fail(s, p, end, GroundingErrorCodes.UnexpectedCloseTag, $"</{NameOf(kind)}> closes nothing that is open");
                return ScanStep.Failed;
        }
    }

    private ScanStep ScanThinkOpening(ReadOnlySpan<char> s, int i, bool final)
    {
        while (i < s.Length && IsSpace(s[i]))
        {
            i++;
        }

        if (i >= s.Length)
        {
            return final ? ScanStep.NotTag : ScanStep.NeedMore;
        }

        if (s[i] != '>')
        {
            return ScanStep.NotTag;
        }

        _pos = i + 1;
        _inThink = true;
        (_thinkBlock ??= new StringBuilder()).Clear();
        return ScanStep.Done;
    }

    /// <summary>Consumes reasoning up to <c>&lt;/think&gt;</c>; returns <see langword="true"/> when blocked.</summary>
    private bool AdvanceThink(ReadOnlySpan<char> s, bool final)
    {
        var block = _thinkBlock!;
        while (_pos < s.Length)
        {
            var rel = s[_pos..].IndexOf('<');
            if (rel < 0)
            {
                block.Append(s[_pos..]);
                _pos = s.Length;
                return false;
            }

            block.Append(s.Slice(_pos, rel));
            _pos += rel;
            var step = ReadClosing(s, _pos, final, out var kind, out var end);
            if (step == ScanStep.NeedMore)
            {
                return true;
            }

            if (step == ScanStep.Done && kind == TagKind.Think)
            {
                _pos = end;
                EndThink();
                return false;
            }

            block.Append('<');
            _pos++;
        }

        return false;
    }

    private void EndThink()
    {
        _inThink = false;
        _trimLeadingSpace = true;
        var content = _thinkBlock!.ToString().Trim();
        if (content.Length > 0)
        {
            (_reasoning ??= []).Add(content);
        }
    }

    /// <summary>Records an error; the tag's text from <paramref name="start"/> to <paramref name="end"/> stays text.</summary>
    private void Fail(ReadOnlySpan<char> s, int start, int end, string code, string reason)
    {
        _errors.Add(new GroundingError(_origin + start, code, reason));
        EmitText(s[start..end]);
        _pos = end;
    }

    private int TextLength => _segments?.Length ?? _text?.Length ?? 0;

    /// <summary>Takes back the answer text written after it was <paramref name="length"/> long.</summary>
    private void TruncateText(int length)
    {
        if (_segments is not null)
        {
            _segments.Truncate(length);
        }
        else if (_text is not null)
        {
            _text.Length = length;
        }
    }

    private bool TextSuppressed => (_collection?.HasMention ?? false) || (_track?.HasMention ?? false);

    private void EmitText(string text)
    {
        if (_segments is not null && text.Length > 0 && !TextSuppressed && !_trimLeadingSpace)
        {
            _segments.Add(text);
            return;
        }

        EmitText(text.AsSpan());
    }

    private void EmitText(ReadOnlySpan<char> text)
    {
        if ((_text is null && _segments is null) || text.IsEmpty || TextSuppressed)
        {
            return;
        }

        if (_trimLeadingSpace)
        {
            text = text.TrimStart();
            if (text.IsEmpty)
            {
                return;
            }

            _trimLeadingSpace = false;
        }

        if (_segments is not null)
        {
            _segments.Add(text);
        }
        else
        {
            _text!.Append(text);
        }
    }

    private static string NameOf(TagKind kind) => kind switch
    {
        TagKind.Point => "point",
        TagKind.Box => "point_box",
        TagKind.Polygon => "polygon",
        TagKind.Clip => "clip",
        TagKind.Collection => "collection",
        TagKind.Track => "track",
        _ => "think",
    };
}
