using Connectors.Core.Wire;
using Microsoft.Extensions.AI;

namespace Connectors.Core;

/// <summary>
/// What makes one OpenAI-style service differ from another. The engine owns HTTP, JSON and SSE; a dialect
/// only shapes the request (validation, vendor fields, headers) and interprets the reply (grounding, citations).
/// </summary>
internal abstract class ChatCompletionsDialect
{
    /// <summary>The provider name used in metadata, telemetry and error messages.</summary>
    public abstract string ProviderName { get; }

    /// <summary>The service base address, such as <c>https://api.perceptron.inc/v1</c>.</summary>
    public abstract Uri Endpoint { get; }

    /// <summary>The model used when <see cref="ChatOptions.ModelId"/> is not set.</summary>
    public abstract string? DefaultModelId { get; }

    /// <summary>The chat route relative to <see cref="Endpoint"/>.</summary>
    public virtual string ChatPath => "chat/completions";

    /// <summary>Whether earlier <see cref="TextReasoningContent"/> is sent back as <c>reasoning_content</c>.</summary>
    public virtual bool ReplaysReasoning => false;

    /// <summary>Whether streamed requests ask for usage with <c>stream_options.include_usage</c>.</summary>
    public virtual bool RequestsStreamUsage => true;

    /// <summary>The largest request body the service accepts, checked before sending; null for no limit.</summary>
    public virtual long? MaxRequestBytes => null;

    /// <summary>How long a request may take before it fails with a timeout.</summary>
    public virtual TimeSpan RequestTimeout => TimeSpan.FromSeconds(120);

    /// <summary>How long a stream may stay silent before it fails with a timeout.</summary>
    public virtual TimeSpan StreamIdleTimeout => TimeSpan.FromSeconds(120);

    /// <summary>Retries and client-side rate limiting for this client.</summary>
    public virtual ChatResilienceOptions Resilience => new();

    /// <summary>Whether the dialect handles this <see cref="ChatOptions.AdditionalProperties"/> key itself.</summary>
    public virtual bool ConsumesOption(string key) => false;

    /// <summary>Rewrites the caller's messages before they are converted (JamAI folds tool turns into text).</summary>
    public virtual IEnumerable<ChatMessage> PrepareMessages(IEnumerable<ChatMessage> messages, ChatOptions? options) => messages;

    /// <summary>Converts content the engine does not know, or validates content it does; null lets the engine convert it.</summary>
    public virtual WireContentPart? ConvertContent(AIContent content, ChatRole role) => null;

    /// <summary>Converts a non-function tool; null means the tool is not supported.</summary>
    public virtual WireTool? ConvertTool(AITool tool) => null;

    /// <summary>The wire value for a reasoning effort.</summary>
    public virtual string? MapReasoningEffort(ReasoningEffort effort) => effort switch
    {
        ReasoningEffort.None => "none",
        ReasoningEffort.Low => "low",
        ReasoningEffort.Medium => "medium",
        _ => "high",
    };

    /// <summary>Validates the mapped request and adds the dialect's own fields.</summary>
    public virtual void ConfigureRequest(ChatCompletionRequest request, ChatRequestContext context)
    {
    }

    /// <summary>Adds authentication and vendor headers.</summary>
    public virtual void ApplyHeaders(HttpRequestMessage request, ChatRequestContext context)
    {
    }

    /// <summary>Removes secrets from text that may reach an exception or a log.</summary>
    public virtual string Redact(string text) => text;

    /// <summary>Interprets a non-streamed reply (grounding, citations, extra choices).</summary>
    public virtual void OnResponse(ChatResponse response, ChatCompletionResponse wire, ChatRequestContext context)
    {
    }

    /// <summary>Creates the per-stream interpreter, or null when updates need no interpretation.</summary>
    public virtual StreamInterpreter? CreateStreamInterpreter(ChatRequestContext context) => null;
}

/// <summary>Interprets one streamed reply, chunk by chunk.</summary>
internal abstract class StreamInterpreter
{
    /// <summary>Called for every chunk, after the engine filled <paramref name="update"/>; may add contents.</summary>
    public abstract void OnChunk(ChatCompletionResponse chunk, ChatResponseUpdate update);

    /// <summary>Called once after <c>[DONE]</c> with the final update (tool calls, usage); may add contents.</summary>
    public virtual void OnCompleted(ChatResponseUpdate finalUpdate)
    {
    }
}

/// <summary>One call in flight: what the caller asked for and what is being sent.</summary>
internal sealed class ChatRequestContext
{
    public ChatRequestContext(IReadOnlyList<ChatMessage> messages, ChatOptions? options, bool streaming)
    {
        Messages = messages;
        Options = options;
        Streaming = streaming;
    }

    /// <summary>The caller's messages, as given (before <see cref="ChatCompletionsDialect.PrepareMessages"/>).</summary>
    public IReadOnlyList<ChatMessage> Messages { get; }

    public ChatOptions? Options { get; }

    public bool Streaming { get; }

    /// <summary>A per-call id, for services that echo one (JamAI's <c>X-REQUEST-ID</c>).</summary>
    public string? RequestId { get; set; }
}
