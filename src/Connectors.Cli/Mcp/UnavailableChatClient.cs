using Connectors.Cli.Hosting;
using Microsoft.Extensions.AI;

namespace Connectors.Cli.Mcp;

/// <summary>
/// Stands in for a service the server could not configure (no key, say): the server still starts and lists every
/// tool, and a call to one of that service's tools fails with the sentence that says what to set.
/// </summary>
internal sealed class UnavailableChatClient : IChatClient
{
    private readonly CliException _reason;

    public UnavailableChatClient(CliException reason) => _reason = reason;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new CliException(_reason.Message, _reason.ExitCode);

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new CliException(_reason.Message, _reason.ExitCode);

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
