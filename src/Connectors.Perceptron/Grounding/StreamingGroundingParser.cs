namespace Connectors.Perceptron.Grounding;

/// <summary>
/// Parses grounded output as it streams. <see cref="Append(ReadOnlySpan{char})"/> returns each point, box, polygon
/// and clip in the chunk where its closing tag arrives, wherever the chunks are cut, including leaves inside a
/// collection or track that is still open (with the mention and asset index they inherit). <see cref="Complete"/>
/// returns the authoritative result, equal to <see cref="GroundingParser.Parse(string)"/> of the whole text.
/// The leaves returned so far are always the first leaves of that result, in order.
/// </summary>
/// <remarks>
/// Text is scanned once: a tag that a chunk leaves undecided is looked at again only when a later chunk brings a
/// <c>&gt;</c>, which every tag needs to end. Only that undecided tail is kept, not the stream: memory grows with
/// the answer text and the annotations, not with the tags already read. Not thread-safe.
/// </remarks>
public sealed class StreamingGroundingParser
{
    private readonly GroundingScanner _scanner;
    private char[] _buffer = new char[256];
    private int _length;
    private bool _blocked;
    private GroundingResult? _result;

    /// <summary>Creates a parser.</summary>
    public StreamingGroundingParser()
        : this(collectText: true)
    {
    }

    /// <summary>Creates a parser; without <paramref name="collectText"/> the result's <see cref="GroundingResult.Text"/> is empty.</summary>
    internal StreamingGroundingParser(bool collectText) => _scanner = new GroundingScanner(collectText: collectText);

    /// <summary>Gets how many characters are held for a construct the stream has not decided yet (for tests).</summary>
    internal int BufferedLength => _length;

    /// <summary>Adds a chunk of model text.</summary>
    /// <param name="chunk">The chunk; <see langword="null"/> counts as empty.</param>
    /// <returns>The leaves whose closing tag arrived in this chunk, in document order.</returns>
    /// <exception cref="InvalidOperationException"><see cref="Complete"/> was already called.</exception>
    public IReadOnlyList<GroundingAnnotation> Append(string? chunk) => Append((chunk ?? string.Empty).AsSpan());

    /// <summary>Adds a chunk of model text.</summary>
    /// <param name="chunk">The chunk.</param>
    /// <returns>The leaves whose closing tag arrived in this chunk, in document order.</returns>
    /// <exception cref="InvalidOperationException"><see cref="Complete"/> was already called.</exception>
    public IReadOnlyList<GroundingAnnotation> Append(ReadOnlySpan<char> chunk)
    {
        if (_result is not null)
        {
            throw new InvalidOperationException("The stream is already complete.");
        }

        if (chunk.IsEmpty)
        {
            return [];
        }

        var consumed = _scanner.Position;
        if (consumed == _length)
        {
            // Nothing is pending: drop what was read, and let plain text skip the buffer.
            if (consumed > 0)
            {
                _scanner.Rebase(consumed);
                _length = 0;
            }

            if (_scanner.TryConsumePlainText(chunk))
            {
                return [];
            }

            return ScanInPlace(chunk);
        }

        Reserve(chunk.Length);
        chunk.CopyTo(_buffer.AsSpan(_length));
        _length += chunk.Length;

        // Every tag ends with '>': a tag left undecided cannot complete before one arrives.
        if (_blocked && !chunk.Contains('>'))
        {
            return [];
        }

        var before = _scanner.Leaves.Count;
        _blocked = _scanner.Advance(_buffer.AsSpan(0, _length), final: false);
        return NewLeaves(before);
    }

    /// <summary>Ends the stream and returns the authoritative result. Later calls return the same result.</summary>
    /// <returns>The result of parsing the whole text.</returns>
    public GroundingResult Complete()
    {
        if (_result is null)
        {
            _scanner.Advance(_buffer.AsSpan(0, _length), final: true);
            _result = _scanner.ToResult();
        }

        return _result;
    }

    /// <summary>With nothing pending, scans the chunk where it is and keeps only the tail it leaves undecided.</summary>
    private IReadOnlyList<GroundingAnnotation> ScanInPlace(ReadOnlySpan<char> chunk)
    {
        var before = _scanner.Leaves.Count;
        _blocked = _scanner.Advance(chunk, final: false);
        var decided = _scanner.Position;
        var rest = chunk.Length - decided;
        if (rest > _buffer.Length)
        {
            _buffer = new char[Math.Max(rest, _buffer.Length * 2)];
        }

        chunk[decided..].CopyTo(_buffer);
        _length = rest;
        _scanner.Rebase(decided);
        return NewLeaves(before);
    }

    private IReadOnlyList<GroundingAnnotation> NewLeaves(int before)
    {
        var leaves = _scanner.Leaves;
        if (leaves.Count == before)
        {
            return [];
        }

        var result = new GroundingAnnotation[leaves.Count - before];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = leaves[before + i];
        }

        return result;
    }

    /// <summary>Makes room for <paramref name="more"/> characters, first dropping what the scanner has consumed.</summary>
    private void Reserve(int more)
    {
        if (_length + more <= _buffer.Length)
        {
            return;
        }

        var consumed = _scanner.Position;
        if (consumed > 0)
        {
            _buffer.AsSpan(consumed, _length - consumed).CopyTo(_buffer);
            _length -= consumed;
            _scanner.Rebase(consumed);
        }

        if (_length + more > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_length + more, _buffer.Length * 2));
        }
    }
}
