using System.Collections;
using Microsoft.Extensions.AI;

namespace Connectors.Core.Responses;

/// <summary>
/// The contents of one streamed update. Nearly every update holds one text, so that one item lives in a field and a
/// list is made only when a second arrives (an interpreter adding grounding, a tool call): a stream has thousands of
/// updates, and a list with its array cost more than the text it held.
/// </summary>
internal sealed class UpdateContents : IList<AIContent>
{
    private AIContent? _single;
    private List<AIContent>? _many;

    public UpdateContents(AIContent single) => _single = single;

    public int Count => _many?.Count ?? (_single is null ? 0 : 1);

    public bool IsReadOnly => false;

    public AIContent this[int index]
    {
        get => _many is not null ? _many[index] : index == 0 && _single is not null ? _single : throw new ArgumentOutOfRangeException(nameof(index));
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (_many is not null)
            {
                _many[index] = value;
            }
            else if (index == 0 && _single is not null)
            {
                _single = value;
            }
            else
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }
        }
    }

    public void Add(AIContent item) => Insert(Count, item);

    public void Insert(int index, AIContent item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (_many is null && _single is null && index == 0)
        {
            _single = item;
            return;
        }

        Many().Insert(index, item);
    }

    public bool Remove(AIContent item) => IndexOf(item) is >= 0 and var index && RemoveAtIndex(index);

    public void RemoveAt(int index) => RemoveAtIndex(index);

    public void Clear()
    {
        _single = null;
        _many = null;
    }

    public bool Contains(AIContent item) => IndexOf(item) >= 0;

    public int IndexOf(AIContent item) => _many?.IndexOf(item) ?? (_single is not null && Equals(_single, item) ? 0 : -1);

    public void CopyTo(AIContent[] array, int arrayIndex)
    {
        if (_many is not null)
        {
            _many.CopyTo(array, arrayIndex);
        }
        else if (_single is not null)
        {
            array[arrayIndex] = _single;
        }
    }

    public IEnumerator<AIContent> GetEnumerator()
    {
        if (_many is not null)
        {
            return _many.GetEnumerator();
        }

        return _single is null ? Enumerable.Empty<AIContent>().GetEnumerator() : Single(_single);

        static IEnumerator<AIContent> Single(AIContent item)
        {
            yield return item;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private List<AIContent> Many()
    {
        if (_many is null)
        {
            _many = new List<AIContent>(4);
            if (_single is not null)
            {
                _many.Add(_single);
                _single = null;
            }
        }

        return _many;
    }

    private bool RemoveAtIndex(int index)
    {
        if (_many is not null)
        {
            _many.RemoveAt(index);
        }
        else if (index == 0 && _single is not null)
        {
            _single = null;
        }
        else
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        return true;
    }
}
