using Microsoft.Extensions.AI;

namespace Connectors.JamAI;

/// <summary>
/// Sets JamAI request fields on <see cref="ChatOptions"/>. Each stores its value in
/// <see cref="ChatOptions.AdditionalProperties"/> under the wire name (<c>rag_params</c>, <c>logit_bias</c>,
/// <c>user</c>, <c>id</c>, <c>n</c>, <c>thinking_budget</c>), so values set there directly, for example as
/// Semantic Kernel extension data (a <see cref="System.Text.Json.JsonElement"/> or dictionary), work the same way.
/// </summary>
public static class JamAIChatOptionsExtensions
{
    /// <summary>Answers from a Knowledge Table (<c>rag_params</c>); the reply then carries references and citations.</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="ragParams">The retrieval parameters.</param>
    /// <returns>The same options.</returns>
    public static ChatOptions WithRag(this ChatOptions options, RagParams ragParams)
    {
        ArgumentNullException.ThrowIfNull(ragParams);
        ragParams.Validate();
        return Set(options, JamAIProfile.RagParamsKey, ragParams);
    }

    /// <summary>Biases token ids (<c>logit_bias</c>), each by -100 to 100. An empty map is not sent.</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="bias">Token id to bias.</param>
    /// <returns>The same options.</returns>
    public static ChatOptions WithLogitBias(this ChatOptions options, IReadOnlyDictionary<int, double> bias)
    {
        ArgumentNullException.ThrowIfNull(bias);
        foreach (var (token, value) in bias)
        {
            if (token < 0 || double.IsNaN(value) || value is < -100 or > 100)
            {
                throw new ArgumentException($"logit_bias maps token ids (non-negative) to biases between -100 and 100; {token} → {value} is not valid.", nameof(bias));
            }
        }

        return Set(options, JamAIProfile.LogitBiasKey, new Dictionary<int, double>(bias));
    }

    /// <summary>Names the end user the request is made for (<c>user</c>), for monitoring.</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="user">A non-empty end-user id.</param>
    /// <returns>The same options.</returns>
    public static ChatOptions WithUser(this ChatOptions options, string user)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        return Set(options, JamAIProfile.UserKey, user);
    }

    /// <summary>
    /// Asks for several answers (<c>n</c>). The first is the response's message; all of them, in order, are in
    /// <see cref="JamAIResponseExtensions.GetChoices(ChatResponse)"/>.
    /// </summary>
    /// <param name="options">The options to change.</param>
    /// <param name="count">How many choices, 1 to 128.</param>
    /// <returns>The same options.</returns>
    public static ChatOptions WithChoiceCount(this ChatOptions options, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 128);
        return Set(options, JamAIProfile.ChoiceCountKey, count);
    }

    /// <summary>Caps the tokens a reasoning model may think with (<c>thinking_budget</c>; newer gateways). 0 turns thinking off where the model allows.</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="tokens">The budget in tokens, 0 or more.</param>
    /// <returns>The same options.</returns>
    public static ChatOptions WithThinkingBudget(this ChatOptions options, int tokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        return Set(options, JamAIProfile.ThinkingBudgetKey, tokens);
    }

    private static ChatOptions Set(ChatOptions options, string key, object value)
    {
        ArgumentNullException.ThrowIfNull(options);
        (options.AdditionalProperties ??= [])[key] = value;
        return options;
    }
}
