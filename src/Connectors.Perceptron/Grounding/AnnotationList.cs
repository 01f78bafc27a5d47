using System.Collections;

namespace Connectors.Perceptron.Grounding;

/// <summary>
/// The growable list behind a parse's annotations and leaves, handed to the result as it is (no copy at the end).
/// Items sit in a struct so that storing a point or box is a plain write: an array of the abstract base type makes
/// every store check the array's runtime type.
/// </summary>
internal sealed class AnnotationList : IReadOnlyList<GroundingAnnotation>
{
    private Entry[] _items = [];
    private int _count;

    public int Count => _count;

    public GroundingAnnotation this[int index] =>
        (uint)index < (uint)_count ? _items[index].Value : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>A new list holding the items of <paramref name="source"/>, with room to grow.</summary>
    public static AnnotationList CopyOf(AnnotationList source)
    {
        var copy = new AnnotationList { _items = new Entry[Math.Max(8, source._items.Length)], _count = source._count };
        Array.Copy(source._items, copy._items, source._count);
        return copy;
    }

    public void Add(GroundingAnnotation item)
    {
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, Math.Max(8, _items.Length * 2));
        }

        _items[_count++].Value = item;
    }

    public IEnumerator<GroundingAnnotation> GetEnumerator()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return _items[i].Value;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private struct Entry
    {
        public GroundingAnnotation Value;
    }
}
