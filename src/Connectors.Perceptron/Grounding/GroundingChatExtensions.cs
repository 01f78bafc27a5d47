using Microsoft.Extensions.AI;

namespace Connectors.Perceptron.Grounding;

/// <summary>Finds grounding in chat messages and responses.</summary>
public static class GroundingChatExtensions
{
    /// <summary>Gets the grounding contents of a message, in order.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The grounding contents; empty when there are none.</returns>
    public static IReadOnlyList<GroundingContent> GetGrounding(this ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var result = new List<GroundingContent>();
        Collect(message, result);
        return result;
    }

    /// <summary>Gets the grounding contents of every message of a response, in order.</summary>
    /// <param name="response">The response.</param>
    /// <returns>The grounding contents; empty when there are none.</returns>
    public static IReadOnlyList<GroundingContent> GetGrounding(this ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var result = new List<GroundingContent>();
        foreach (var message in response.Messages)
        {
            Collect(message, result);
        }

        return result;
    }

    private static void Collect(ChatMessage message, List<GroundingContent> result)
    {
        foreach (var content in message.Contents)
        {
            if (content is GroundingContent grounding)
            {
                result.Add(grounding);
            }
        }
    }
}
