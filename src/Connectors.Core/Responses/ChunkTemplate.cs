using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Connectors.Core.Responses;

/// <summary>
/// The envelope a stream repeats around each piece of text: every byte of a text-only chunk before and after its
/// text string (id, object, created, model, choice, finish_reason). A later event with the same bytes around a
/// string that needs no unescaping is the same chunk with other text, so its text is taken without reading the
/// JSON again; anything else (a different envelope, an escape, a control character, invalid UTF-8) is read in full.
/// </summary>
/// <remarks>
/// Why: reading every token of every chunk was the largest cost of a stream after the update objects, and the
/// envelope is the same for thousands of chunks.
/// </remarks>
internal sealed class ChunkTemplate
{
    // Bytes that end or escape a JSON string, or may not appear in one unescaped.
    private static readonly SearchValues<byte> StringBreaks = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\']);

    private byte[] _envelope = [];
    private int _prefixLength;
    private int _suffixLength;
    private StreamDelta _delta;
    private bool _isReasoning;

    /// <summary>Keeps <paramref name="delta"/>'s envelope when it is text-only; forgets the last one otherwise.</summary>
    public void Learn(ReadOnlySpan<byte> json, in StreamDelta delta)
    {
        if (!delta.IsTextOnly)
        {
            _prefixLength = _suffixLength = 0;
            return;
        }

        // The prefix ends with the string's opening quote, the suffix starts with its closing quote.
        var prefix = json[..(delta.TextStart + 1)];
        var suffix = json[(delta.TextEnd - 1)..];
        if (_envelope.Length < prefix.Length + suffix.Length)
        {
            _envelope = new byte[prefix.Length + suffix.Length];
        }

        prefix.CopyTo(_envelope);
        suffix.CopyTo(_envelope.AsSpan(prefix.Length));
        (_prefixLength, _suffixLength) = (prefix.Length, suffix.Length);
        _delta = delta;
        _delta.Content = _delta.Reasoning = null;
        _isReasoning = delta.Reasoning is not null;
    }

    /// <summary>Reads <paramref name="json"/> as the learnt envelope around new text, if it is that.</summary>
    public bool TryMatch(ReadOnlySpan<byte> json, out StreamDelta delta)
    {
        delta = default;
        if (_prefixLength == 0 || json.Length < _prefixLength + _suffixLength
            || !json.StartsWith(_envelope.AsSpan(0, _prefixLength))
            || !json.EndsWith(_envelope.AsSpan(_prefixLength, _suffixLength)))
        {
            return false;
        }

        var text = json[_prefixLength..^_suffixLength];
        if (text.ContainsAny(StringBreaks) || !Utf8.IsValid(text))
        {
            return false;
        }

        delta = _delta;
        var value = Encoding.UTF8.GetString(text);
        if (_isReasoning)
        {
            delta.Reasoning = value;
        }
        else
        {
            delta.Content = value;
        }

        return true;
    }
}
