using Connectors.Core.Wire;
using Microsoft.Extensions.AI;

namespace Connectors.Core.Responses;

/// <summary>
/// Turns streamed chunks into <see cref="ChatResponseUpdate"/>s: one response and message id for the whole
/// stream, sticky role and finish reason, tool calls assembled and emitted once, usage emitted once (last wins).
/// </summary>
internal sealed class StreamingUpdateBuilder
{
    private readonly ToolCallAccumulator _toolCalls = new();
    private string? _responseId;
    private string? _modelId;
    private DateTimeOffset? _createdAt;
    private ChatRole _role = ChatRole.Assistant;
    private ChatFinishReason? _finishReason;
    private WireUsage? _usage;

    /// <summary>The finish reason the service sent as a string, kept for error checks.</summary>
    public string? RawFinishReason { get; private set; }

    /// <summary>Whether the last chunk came before any id was known (its update must not be yielded on its own).</summary>
    public bool IsPreamble { get; private set; }

    /// <summary>Maps one chunk: the first choice's update, then one update per further choice (n &gt; 1).</summary>
    public ChatResponseUpdate FromChunk(ChatCompletionResponse chunk, List<ChatResponseUpdate> otherChoices)
    {
        _responseId ??= string.IsNullOrEmpty(chunk.Id) ? null : chunk.Id;
        _modelId ??= chunk.Model;
        _createdAt ??= ResponseMapper.ToTimestamp(chunk.Created);
        if (chunk.Usage is not null)
        {
            _usage = chunk.Usage;
        }

        var choices = chunk.Choices;
        if (_responseId is null && choices is not { Length: > 0 })
        {
            // A preamble event before the first chunk (JamAI's references) has no id of its own: its
            // contents wait for the first real chunk, so every update carries that chunk's id.
            IsPreamble = true;
            return new ChatResponseUpdate { Role = _role, RawRepresentation = chunk };
        }

        IsPreamble = false;
        var update = NewUpdate(chunk);
        if (choices is null)
        {
            return update;
        }

        var firstOfIndexZero = true;
        foreach (var choice in choices)
        {
            var delta = choice.Delta ?? choice.Message;
            if (choice.Index != 0)
            {
                // Further choices (n > 1) become their own messages, never merged into the first.
                var other = NewUpdate(chunk);
                other.MessageId = $"{_responseId}-{choice.Index}";
                other.FinishReason = ResponseMapper.MapFinishReason(choice.FinishReason);
                (other.AdditionalProperties ??= [])["choice_index"] = choice.Index;
                AddDelta(other, delta, toolCalls: null, append: false);
                otherChoices.Add(other);
                continue;
            }

            if (!string.IsNullOrEmpty(delta?.Role))
            {
                _role = new ChatRole(delta.Role);
                update.Role = _role;
            }

            AddDelta(update, delta, _toolCalls, append: !firstOfIndexZero);
            firstOfIndexZero = false;
            if (!string.IsNullOrEmpty(choice.FinishReason))
            {
                RawFinishReason = choice.FinishReason;
                _finishReason = ResponseMapper.MapFinishReason(choice.FinishReason);
                update.FinishReason = _finishReason;
            }
        }

        return update;
    }

    /// <summary>The last update: assembled tool calls and usage.</summary>
    public ChatResponseUpdate Complete()
    {
        var update = NewUpdate(null);
        if (_toolCalls.HasCalls)
        {
            foreach (var call in _toolCalls.Build())
            {
                update.Contents.Add(call);
            }
        }

        if (UsageMapper.ToUsage(_usage) is { } usage)
        {
            update.Contents.Add(new UsageContent(usage));
        }

        return update;
    }

    private ChatResponseUpdate NewUpdate(ChatCompletionResponse? chunk)
    {
        _responseId ??= $"chatcmpl-{Guid.NewGuid():N}";
        return new ChatResponseUpdate
        {
            ResponseId = _responseId,
            MessageId = _responseId,
            Role = _role,
            ModelId = _modelId,
            CreatedAt = _createdAt,
            FinishReason = _finishReason,
            RawRepresentation = chunk,
        };
    }

    /// <summary>Adds a delta's contents; <paramref name="append"/> when the update already holds another delta's.</summary>
    private static void AddDelta(ChatResponseUpdate update, WireResponseMessage? delta, ToolCallAccumulator? toolCalls, bool append)
    {
        if (delta is null)
        {
            return;
        }

        var hasReasoning = !string.IsNullOrEmpty(delta.ReasoningContent);
        var hasText = !string.IsNullOrEmpty(delta.Content);
        if (hasReasoning || hasText)
        {
            // A fresh update gets a list sized to this chunk (the update's own starts with room for four).
            var contents = append ? update.Contents : update.Contents = new List<AIContent>(hasReasoning && hasText ? 2 : 1);
            if (hasReasoning)
            {
                contents.Add(new TextReasoningContent(delta.ReasoningContent));
            }

            if (hasText)
            {
                contents.Add(new TextContent(delta.Content));
            }
        }

        if (delta.ToolCalls is { } calls && toolCalls is not null)
        {
            foreach (var fragment in calls)
            {
                toolCalls.Add(fragment);
            }
        }
    }
}
