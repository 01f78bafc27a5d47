using System.Text;
using Connectors.Core.Wire;
using Microsoft.Extensions.AI;

namespace Connectors.Core.Responses;

/// <summary>
/// Assembles streamed tool-call fragments. Fragments with an <c>index</c> are joined by index; fragments
/// without one (JamAI) start a new call when they carry a new id and extend the latest call otherwise.
/// </summary>
internal sealed class ToolCallAccumulator
{
    /// <summary>More calls than any model makes in one turn: a stream with more is broken or hostile.</summary>
    internal const int MaxCalls = 256;

    /// <summary>The longest arguments of one call, in characters (counted as they arrive).</summary>
    internal const int MaxArgumentLength = 2 * 1024 * 1024;

    private readonly List<Builder> _calls = [];
    private readonly Dictionary<int, Builder> _byIndex = [];

    public bool HasCalls => _calls.Count > 0;

    public void Add(WireToolCall fragment)
    {
        var call = Find(fragment);
        if (!string.IsNullOrEmpty(fragment.Id))
        {
            call.Id ??= fragment.Id;
        }

        if (!string.IsNullOrEmpty(fragment.Function?.Name))
        {
            call.Name ??= fragment.Function.Name;
        }

        if (fragment.Function?.Arguments is { Length: > 0 } arguments)
        {
            if (call.Arguments.Length + arguments.Length > MaxArgumentLength)
            {
                throw new InvalidDataException($"a tool call's arguments ran past {MaxArgumentLength / (1024 * 1024)} M characters");
            }

            call.Arguments.Append(arguments);
        }
    }

    /// <summary>The finished calls, each once, in the order they started.</summary>
    public List<AIContent> Build()
    {
        var contents = new List<AIContent>(_calls.Count);
        for (var i = 0; i < _calls.Count; i++)
        {
            var call = _calls[i];
            contents.Add(ToolCallParser.Create(call.Id, call.Name, call.Arguments.ToString(), i));
        }

        return contents;
    }

    private Builder Find(WireToolCall fragment)
    {
        if (fragment.Index is { } index)
        {
            // By index in constant time: a stream of many calls must not slow down per fragment.
            return _byIndex.TryGetValue(index, out var existing) ? existing : _byIndex[index] = Start(index);
        }

        var latest = _calls.Count > 0 ? _calls[^1] : null;
        if (latest is null || (!string.IsNullOrEmpty(fragment.Id) && latest.Id is not null && latest.Id != fragment.Id))
        {
            return Start(null);
        }

        return latest;
    }

    private Builder Start(int? index)
    {
        if (_calls.Count == MaxCalls)
        {
            throw new InvalidDataException($"the stream held more than {MaxCalls} tool calls");
        }

        var builder = new Builder { Index = index };
        _calls.Add(builder);
        return builder;
    }

    private sealed class Builder
    {
        public int? Index { get; init; }

        public string? Id { get; set; }

        public string? Name { get; set; }

        public StringBuilder Arguments { get; } = new();
    }
}
