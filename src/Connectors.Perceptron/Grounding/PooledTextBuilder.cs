using System.Buffers;

namespace Connectors.Perceptron.Grounding;

/// <summary>
/// Collects the answer text in one buffer rented from the shared pool, so the text is copied once into its
/// final string (a <see cref="System.Text.StringBuilder"/> would allocate its chunks on top of that string).
/// </summary>
internal sealed class PooledTextBuilder
{
    private char[] _chars;
    private int _length;

    public PooledTextBuilder(int capacity) => _chars = capacity > 0 ? ArrayPool<char>.Shared.Rent(capacity) : [];

    public void Append(ReadOnlySpan<char> text)
    {
        if (text.Length > _chars.Length - _length)
        {
            Grow(text.Length);
        }

        text.CopyTo(_chars.AsSpan(_length));
        _length += text.Length;
    }

    /// <summary>Returns the text and gives the buffer back to the pool; the builder is empty afterwards.</summary>
    public string ToStringAndRelease()
    {
        var text = new string(_chars, 0, _length);
        if (_chars.Length > 0)
        {
            ArrayPool<char>.Shared.Return(_chars);
        }

        _chars = [];
        _length = 0;
        return text;
    }

    private void Grow(int needed)
    {
        var next = ArrayPool<char>.Shared.Rent(Math.Max(_length + needed, Math.Max(256, _chars.Length * 2)));
        _chars.AsSpan(0, _length).CopyTo(next);
        if (_chars.Length > 0)
        {
            ArrayPool<char>.Shared.Return(_chars);
        }

        _chars = next;
    }
}
