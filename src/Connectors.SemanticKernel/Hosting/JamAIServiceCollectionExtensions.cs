using Connectors.JamAI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.SemanticKernel;

/// <summary>
/// Registers <see cref="JamAIChatClient"/> as an <see cref="IChatClient"/>, the way MEAI's <c>AddChatClient</c> does:
/// the returned <see cref="ChatClientBuilder"/> adds middleware (<c>UseLogging</c>, <c>UseOpenTelemetry</c>, ...).
/// </summary>
/// <remarks>
/// Options are validated when the host starts (<c>ValidateOnStart</c>), with messages naming the setting, such as
/// <c>JamAI:Token</c>. Requests go through the named <see cref="HttpClient"/> <c>Connectors.JamAI</c>
/// (<c>Connectors.JamAI.{key}</c> when keyed), which you may configure further; the client's own
/// <see cref="JamAIClientOptions.Resilience"/> is its retry and rate-limit policy, so do not add a retry handler.
/// </remarks>
public static class JamAIServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the unkeyed client sends with.</summary>
    public const string HttpClientName = "Connectors.JamAI";

    /// <summary>Registers the JamAI client configured in code.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options (endpoint, token, project, model, resilience).</param>
    /// <param name="lifetime">The client's lifetime; singleton by default, so its rate limiter is shared.</param>
    /// <returns>A builder for the client pipeline.</returns>
    public static ChatClientBuilder AddJamAIChatClient(this IServiceCollection services, Action<JamAIClientOptions> configure, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return Register(services, null, o => o.Configure(configure), nameof(JamAIClientOptions), lifetime);
    }

    /// <summary>Registers the JamAI client bound to a configuration section such as <c>JamAI</c>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section holding <c>Endpoint</c>, <c>Token</c>, <c>ProjectId</c>, <c>DefaultModelId</c>, <c>RequestTimeout</c>, <c>Resilience</c>, ...</param>
    /// <param name="lifetime">The client's lifetime; singleton by default.</param>
    /// <returns>A builder for the client pipeline.</returns>
    public static ChatClientBuilder AddJamAIChatClient(this IServiceCollection services, IConfiguration configuration, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Register(services, null, o => o.Bind(configuration), ClientRegistration.SectionPath(configuration), lifetime, configuration);
    }

    /// <summary>Registers a keyed JamAI client configured in code.</summary>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The key to resolve it by (<c>[FromKeyedServices(key)]</c>).</param>
    /// <param name="configure">Sets the options.</param>
    /// <param name="lifetime">The client's lifetime; singleton by default.</param>
    /// <returns>A builder for the client pipeline.</returns>
    public static ChatClientBuilder AddKeyedJamAIChatClient(this IServiceCollection services, object serviceKey, Action<JamAIClientOptions> configure, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(serviceKey);
        ArgumentNullException.ThrowIfNull(configure);
        return Register(services, serviceKey, o => o.Configure(configure), $"{nameof(JamAIClientOptions)}[{serviceKey}]", lifetime);
    }

    /// <summary>Registers a keyed JamAI client bound to a configuration section.</summary>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The key to resolve it by.</param>
    /// <param name="configuration">The section holding the options.</param>
    /// <param name="lifetime">The client's lifetime; singleton by default.</param>
    /// <returns>A builder for the client pipeline.</returns>
    public static ChatClientBuilder AddKeyedJamAIChatClient(this IServiceCollection services, object serviceKey, IConfiguration configuration, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(serviceKey);
        ArgumentNullException.ThrowIfNull(configuration);
        return Register(services, serviceKey, o => o.Bind(configuration), ClientRegistration.SectionPath(configuration), lifetime, configuration);
    }

    /// <summary>
    /// Registers <see cref="JamAIEmbeddingGenerator"/> as an <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>
    /// bound to a configuration section such as <c>JamAI</c>; the returned builder adds middleware
    /// (<c>UseLogging</c>, <c>UseOpenTelemetry</c>, ...). Its options are its own (named
    /// <c>Connectors.JamAI.Embeddings</c>), so a chat client bound elsewhere is not affected.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section holding <c>Endpoint</c>, <c>Token</c>, <c>ProjectId</c>, ...</param>
    /// <param name="modelId">The embedding model, such as <c>openai/text-embedding-3-small</c>.</param>
    /// <param name="lifetime">The generator's lifetime; singleton by default.</param>
    /// <returns>A builder for the generator pipeline.</returns>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddJamAIEmbeddingGenerator(this IServiceCollection services, IConfiguration configuration, string modelId, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        const string Name = HttpClientName + ".Embeddings";
        return ClientRegistration.RegisterEmbeddings<JamAIClientOptions>(
            services,
            Name,
            o => o.Bind(configuration),
            new JamAIOptionsValidator(Name, ClientRegistration.SectionPath(configuration), configuration),
            (options, http, logger) => new JamAIEmbeddingGenerator(options, modelId, http, logger),
            lifetime);
    }

    private static ChatClientBuilder Register(
        IServiceCollection services, object? serviceKey, Action<Microsoft.Extensions.Options.OptionsBuilder<JamAIClientOptions>> configure, string settingPrefix, ServiceLifetime lifetime, IConfiguration? configuration = null)
    {
        var optionsName = serviceKey is null ? Microsoft.Extensions.Options.Options.DefaultName : ClientRegistration.Name(HttpClientName, serviceKey);
        return ClientRegistration.Register(
            services,
            serviceKey,
            HttpClientName,
            configure,
            new JamAIOptionsValidator(optionsName, settingPrefix, configuration),
            static (options, http, logger) => new JamAIChatClient(options, http, logger),
            lifetime);
    }
}
