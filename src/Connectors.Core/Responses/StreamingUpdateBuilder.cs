using Connectors.Core.Wire;
using Microsoft.Extensions.AI;

namespace Connectors.Core.Responses;

/// <summary>
/// Turns streamed chunks into <see cref="ChatResponseUpdate"/>s: one response and message id for the whole
/// stream, sticky role and finish reason, tool calls assembled and emitted once, usage emitted once (last wins).
/// </summary>
internal sealed class StreamingUpdateBuilder
{
    /// <summary>The key holding a further choice's index in its updates' <c>AdditionalProperties</c>.</summary>
    public const string ChoiceIndexKey = "choice_index";

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

    /// <summary>Maps a chunk read in its common shape (at most one choice, of index 0) straight into an update.</summary>
    public ChatResponseUpdate FromDelta(in StreamDelta delta)
    {
        _responseId ??= string.IsNullOrEmpty(delta.Id) ? null : delta.Id;
        _modelId ??= delta.Model;
        _createdAt ??= ResponseMapper.ToTimestamp(delta.Created);
        if (delta.Usage is not null)
        {
            _usage = delta.Usage;
        }

        if (_responseId is null && !delta.HasChoice)
        {
            IsPreamble = true;
            return new ChatResponseUpdate { Role = _role };
        }

        IsPreamble = false;
        var update = NewUpdate(null);
        if (delta.HasChoice)
        {
            AddChoice(update, delta.Role, delta.Reasoning, delta.Content, delta.Refusal, delta.ToolCalls, delta.FinishReason, append: false);
        }

        return update;
    }

    /// <summary>Maps one chunk read by the serializer: the first choice's update, then one update per further choice (n &gt; 1).</summary>
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
                (other.AdditionalProperties ??= [])[ChoiceIndexKey] = choice.Index;
                AddContents(other, delta?.ReasoningContent, delta?.Content, delta?.Refusal, append: false);
                otherChoices.Add(other);
                continue;
            }

            AddChoice(update, delta?.Role, delta?.ReasoningContent, delta?.Content, delta?.Refusal, delta?.ToolCalls, choice.FinishReason, append: !firstOfIndexZero);
            firstOfIndexZero = false;
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

    private void AddChoice(ChatResponseUpdate update, string? role, string? reasoning, string? text, string? refusal, List<WireToolCall>? toolCalls, string? finishReason, bool append)
    {
        if (!string.IsNullOrEmpty(role))
        {
            _role = role == "assistant" ? ChatRole.Assistant : new ChatRole(role);
            update.Role = _role;
        }

        AddContents(update, reasoning, text, refusal, append);
        if (toolCalls is not null)
        {
            foreach (var fragment in toolCalls)
            {
                _toolCalls.Add(fragment);
            }
        }

        if (!string.IsNullOrEmpty(finishReason))
        {
            RawFinishReason = finishReason;
            _finishReason = ResponseMapper.MapFinishReason(finishReason);
            update.FinishReason = _finishReason;
        }
    }

    /// <summary>Adds a delta's contents; <paramref name="append"/> when the update already holds another delta's.</summary>
    private static void AddContents(ChatResponseUpdate update, string? reasoning, string? text, string? refusal, bool append)
    {
        if (string.IsNullOrEmpty(reasoning) && string.IsNullOrEmpty(text) && string.IsNullOrEmpty(refusal))
        {
            return;
        }

        var hasReasoning = !string.IsNullOrEmpty(reasoning);
        var hasText = !string.IsNullOrEmpty(text);
        var hasRefusal = !string.IsNullOrEmpty(refusal);
        if (!append && (hasReasoning ? 1 : 0) + (hasText ? 1 : 0) + (hasRefusal ? 1 : 0) == 1)
        {
            // The common chunk: one text (or one piece of reasoning).
            update.Contents = new UpdateContents(hasText ? new TextContent(text) : hasReasoning ? new TextReasoningContent(reasoning) : ResponseMapper.Refusal(refusal!));
            return;
        }

        var contents = append ? update.Contents : update.Contents = new List<AIContent>(3);
        if (hasReasoning)
        {
            contents.Add(new TextReasoningContent(reasoning));
        }

        if (hasText)
        {
            contents.Add(new TextContent(text));
        }

        if (hasRefusal)
        {
            contents.Add(ResponseMapper.Refusal(refusal!));
        }
    }
}
