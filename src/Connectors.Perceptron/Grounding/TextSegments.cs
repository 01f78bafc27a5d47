namespace Connectors.Perceptron.Grounding;

/// <summary>
/// The answer text of a whole-text parse kept as ranges of the parsed string, plus the rare strings the parse puts in
/// (mentions with entities), joined into one string only when <see cref="GroundingResult.Text"/> is read: callers
/// after the annotations do not pay for a copy of the whole answer.
/// </summary>
/// <remarks>
/// Ranges are kept as plain integers, two per segment, so the garbage collector never scans them (an array of
/// segments holding string references cost more in collections than the whole parse).
/// </remarks>
internal sealed class TextSegments
{
    private readonly string _source;
    private int[] _ranges;
    private int _count;
    private List<string>? _literals;
    private int _length;

    public TextSegments(string source)
    {
        _source = source;
        _ranges = new int[16];
    }

    /// <summary>Adds <paramref name="text"/>, which may be a slice of the source or any other text.</summary>
    public void Add(ReadOnlySpan<char> text)
    {
        if (!_source.AsSpan().Overlaps(text, out var start))
        {
            Add(text.ToString());
            return;
        }

        _length += text.Length;
        if (_count > 0 && _ranges[_count - 2] >= 0 && _ranges[_count - 2] + _ranges[_count - 1] == start)
        {
            _ranges[_count - 1] += text.Length;
            return;
        }

        Append(start, text.Length);
    }

    /// <summary>Adds a string that is not part of the source, without copying it.</summary>
    public void Add(string literal)
    {
        (_literals ??= []).Add(literal);
        _length += literal.Length;

        // A negative start names the literal: ~index.
        Append(~(_literals.Count - 1), literal.Length);
    }

    /// <summary>Gets the length of the text so far.</summary>
    public int Length => _length;

    /// <summary>Takes back what was added after the text was <paramref name="length"/> long.</summary>
    public void Truncate(int length)
    {
        while (_length > length && _count > 0)
        {
            var last = _ranges[_count - 1];
            var cut = Math.Min(last, _length - length);
            _length -= cut;
            if (cut == last)
            {
                _count -= 2;
            }
            else
            {
                _ranges[_count - 1] = last - cut;
            }
        }
    }

    public string Join()
    {
        if (_count == 2 && _ranges[0] >= 0)
        {
            return _ranges[0] == 0 && _ranges[1] == _source.Length ? _source : _source.Substring(_ranges[0], _ranges[1]);
        }

        return string.Create(_length, this, static (span, self) =>
        {
            for (var i = 0; i < self._count; i += 2)
            {
                var start = self._ranges[i];
                var part = start >= 0 ? self._source.AsSpan(start, self._ranges[i + 1]) : self._literals![~start].AsSpan(0, self._ranges[i + 1]);
                part.CopyTo(span);
                span = span[part.Length..];
            }
        });
    }

    private void Append(int start, int length)
    {
        if (_count + 2 > _ranges.Length)
        {
            Array.Resize(ref _ranges, _ranges.Length * 2);
        }

        _ranges[_count] = start;
        _ranges[_count + 1] = length;
        _count += 2;
    }
}
