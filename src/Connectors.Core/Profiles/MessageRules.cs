using Connectors.Core.Wire;
using Microsoft.Extensions.AI;

namespace Connectors.Core.Profiles;

/// <summary>How a service wants messages: rewritten first, contents converted, names cleaned, reasoning replayed.</summary>
internal sealed class MessageRules
{
    /// <summary>The rules of a service that takes the common chat-completions messages as they are.</summary>
    public static MessageRules Default { get; } = new();

    /// <summary>Rewrites the caller's messages before they are converted (JamAI folds tool turns into text).</summary>
    public Func<IReadOnlyList<ChatMessage>, IReadOnlyList<ChatMessage>>? Prepare { get; init; }

    /// <summary>Converts content the engine does not know, or refuses content it does; null lets the engine convert it.</summary>
    public Func<AIContent, ChatRole, WireContentPart?>? ConvertContent { get; init; }

    /// <summary>Rewrites <see cref="ChatMessage.AuthorName"/> into a name the service accepts.</summary>
    public Func<string?, string?>? AuthorName { get; init; }

    /// <summary>Whether earlier <see cref="TextReasoningContent"/> is sent back as <c>reasoning_content</c>.</summary>
    public bool ReplayReasoning { get; init; }

    /// <summary>
    /// Whether a tool result may carry images (a function that returns a <see cref="DataContent"/> or
    /// <see cref="UriContent"/> image, alone or among other contents): they are sent as image parts of the
    /// <c>tool</c> message. Without it such a result is refused rather than sent as text.
    /// </summary>
    public bool ToolResultImages { get; init; }
}
