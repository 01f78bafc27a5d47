namespace Connectors.Perceptron.Grounding;

/// <summary>
/// Remembers the last forward search for one character over an append-only text, so that retrying a tag (after a
/// failure, or when a stream grows) does not scan the same stretch again: without it a text full of unterminated
/// quotes would take quadratic time.
/// </summary>
internal sealed class CharSearch
{
    private readonly char _c;
    private int _from = -1;
    private int _found = -1;
    private int _searchedTo;

    public CharSearch(char c) => _c = c;

    /// <summary>Finds the first occurrence at or after <paramref name="from"/>, or -1.</summary>
    public int Find(ReadOnlySpan<char> text, int from)
    {
        if (from >= text.Length)
        {
            return -1;
        }

        var start = from;
        var knownFrom = from;
        if (_from >= 0 && _from <= from)
        {
            if (_found >= 0)
            {
                if (from <= _found)
                {
                    return _found;
                }
            }
            else if (from <= _searchedTo)
            {
                // Nothing in [_from, _searchedTo): continue where the last search stopped.
                start = _searchedTo;
                knownFrom = _from;
            }
        }

        var hit = start >= text.Length ? -1 : text[start..].IndexOf(_c);
        _from = knownFrom;
        if (hit < 0)
        {
            _found = -1;
            _searchedTo = text.Length;
            return -1;
        }

        _found = start + hit;
        return _found;
    }

    /// <summary>Shifts what is remembered after the first <paramref name="consumed"/> characters of the text were dropped.</summary>
    public void Rebase(int consumed)
    {
        if (_from < 0)
        {
            return;
        }

        // A hit or a searched stretch that lies wholly in the dropped text is of no use any more.
        if ((_found >= 0 && _found < consumed) || (_found < 0 && _searchedTo < consumed))
        {
            _from = -1;
            return;
        }

        if (_found >= 0)
        {
            _found -= consumed;
        }
        else
        {
            _searchedTo -= consumed;
        }

        _from = Math.Max(0, _from - consumed);
    }
}
