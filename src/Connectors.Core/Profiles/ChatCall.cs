using Microsoft.Extensions.AI;

namespace Connectors.Core.Profiles;

/// <summary>One call in flight, made before the request is sent: what the caller asked for and the call's own id.</summary>
internal sealed class ChatCall
{
    public ChatCall(IReadOnlyList<ChatMessage> messages, ChatOptions? options, bool streaming, string? requestId)
    {
        Messages = messages;
        Options = options;
        Streaming = streaming;
        RequestId = requestId;
    }

    /// <summary>The caller's messages, as given (before <see cref="MessageRules.Prepare"/>).</summary>
    public IReadOnlyList<ChatMessage> Messages { get; }

    public ChatOptions? Options { get; }

    public bool Streaming { get; }

    /// <summary>The id sent in <see cref="ServiceTransport.RequestIdHeader"/>, when the service takes one.</summary>
    public string? RequestId { get; }
}
