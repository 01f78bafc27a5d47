using Connectors.Core;
using Microsoft.Extensions.AI;

namespace Connectors.Perceptron.Multilook;

/// <summary>One prompt of a multilook call: its answers, or why it failed (the other prompts are unaffected).</summary>
public sealed class MultilookResult
{
    internal MultilookResult(int promptIndex, ChatResponse? response, ChatServiceException? error)
    {
        PromptIndex = promptIndex;
        Response = response;
        Error = error;
    }

    /// <summary>Gets the position of the prompt in the call, from 0.</summary>
    public int PromptIndex { get; }

    /// <summary>Gets the answer (grounded as a chat answer is), or null when the prompt failed.</summary>
    public ChatResponse? Response { get; }

    /// <summary>Gets why the prompt failed (typed as a request error would be), or null when it was answered.</summary>
    public ChatServiceException? Error { get; }

    /// <summary>Gets whether the prompt was answered.</summary>
    public bool Succeeded => Error is null;
}

/// <summary>The answers of a multilook call, one result per prompt in prompt order.</summary>
public sealed class MultilookResponse
{
    internal MultilookResponse(IReadOnlyList<MultilookResult> results, UsageDetails? usage, string? responseId, string? modelId)
    {
        Results = results;
        Usage = usage;
        ResponseId = responseId;
        ModelId = modelId;
    }

    /// <summary>Gets one result per prompt, in the order the prompts were given.</summary>
    public IReadOnlyList<MultilookResult> Results { get; }

    /// <summary>Gets the usage of the whole call: the shared context counts once per prompt, <c>CachedInputTokenCount</c> is what the shared prefill served.</summary>
    public UsageDetails? Usage { get; }

    /// <summary>Gets the id of the call (<c>mlcmpl-…</c>).</summary>
    public string? ResponseId { get; }

    /// <summary>Gets the model that answered.</summary>
    public string? ModelId { get; }
}
