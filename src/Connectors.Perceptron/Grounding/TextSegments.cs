namespace Connectors.Perceptron.Grounding;

/// <summary>
/// The answer text of a whole-text parse kept as ranges of the parsed string, plus the few strings the parse puts in
/// (mentions), joined into one string only when <see cref="GroundingResult.Text"/> is read: callers after the
/// annotations do not pay for a copy of the whole answer.
/// </summary>
internal sealed class TextSegments
{
    private readonly string _source;
    private readonly List<Segment> _segments = [];
    private int _length;

    public TextSegments(string source) => _source = source;

    /// <summary>Adds <paramref name="text"/>, which may be a slice of the source or any other text.</summary>
    public void Add(ReadOnlySpan<char> text)
    {
        if (_source.AsSpan().Overlaps(text, out var start))
        {
            var last = _segments.Count - 1;
            if (last >= 0 && _segments[last].Literal is null && _segments[last].Start + _segments[last].Length == start)
            {
                _segments[last] = new Segment(_segments[last].Start, _segments[last].Length + text.Length, null);
            }
            else
            {
                _segments.Add(new Segment(start, text.Length, null));
            }
        }
        else
        {
            _segments.Add(new Segment(0, text.Length, text.ToString()));
        }

        _length += text.Length;
    }

    /// <summary>Adds a string that is not part of the source, without copying it.</summary>
    public void Add(string literal)
    {
        _segments.Add(new Segment(0, literal.Length, literal));
        _length += literal.Length;
    }

    public string Join()
    {
        if (_segments.Count == 1 && _segments[0] is { Literal: null } only)
        {
            return only.Start == 0 && only.Length == _source.Length ? _source : _source.Substring(only.Start, only.Length);
        }

        return string.Create(_length, this, static (span, self) =>
        {
            foreach (var segment in self._segments)
            {
                var part = segment.Literal is { } literal ? literal.AsSpan() : self._source.AsSpan(segment.Start, segment.Length);
                part.CopyTo(span);
                span = span[part.Length..];
            }
        });
    }

    private readonly record struct Segment(int Start, int Length, string? Literal);
}
