using Connectors.Core.Profiles;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Connectors.Core;

/// <summary>
/// The <see cref="IChatClient"/> both service clients share: every call goes to the one chat-completions engine,
/// shaped by the service's profile. Only this library's clients derive from it.
/// </summary>
public abstract class ChatCompletionsClient : IChatClient
{
    private readonly ChatCompletionsEngine _engine;
    private readonly Func<object> _copyOptions;
    private readonly Type _optionsType;

    private protected ChatCompletionsClient(ChatServiceProfile profile, object options, Func<object> copyOptions, HttpClient? httpClient, ILogger? logger)
    {
        _engine = new ChatCompletionsEngine(profile, httpClient, logger);
        _copyOptions = copyOptions;
        _optionsType = options.GetType();
    }

    private protected ChatCompletionsEngine Engine => _engine;

    /// <summary>The client's own copy of the options, validated: later changes to the caller's have no effect.</summary>
    private protected static TOptions Own<TOptions>(TOptions options, out TOptions own)
        where TOptions : IClientOptions<TOptions>
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return own = options.Clone();
    }

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return _engine.GetResponseAsync(this, messages, options, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return _engine.GetStreamingResponseAsync(this, messages, options, cancellationToken);
    }

    /// <summary>
    /// Returns the client's <see cref="ChatClientMetadata"/>, a copy of its options (so its own cannot be changed from
    /// outside), or the client itself; null for anything else or for any service key.
    /// </summary>
    /// <param name="serviceType">The type asked for.</param>
    /// <param name="serviceKey">A key; this client answers only unkeyed requests.</param>
    /// <returns>The service, or null.</returns>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _engine.Metadata
            : serviceType == _optionsType ? _copyOptions()
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>Releases the client's rate limiter; an injected <see cref="HttpClient"/> belongs to the caller, the shared one to the process.</summary>
    public void Dispose()
    {
        _engine.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>What a client needs of its options: a check that names what is wrong, and a copy.</summary>
/// <typeparam name="TOptions">The options type itself.</typeparam>
internal interface IClientOptions<TOptions>
{
    void Validate();

    TOptions Clone();
}
