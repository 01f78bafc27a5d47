using Connectors.Perceptron;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.SemanticKernel;

/// <summary>
/// Registers <see cref="PerceptronChatClient"/> as an <see cref="IChatClient"/>, the way MEAI's <c>AddChatClient</c> does:
/// the returned <see cref="ChatClientBuilder"/> adds middleware (<c>UseLogging</c>, <c>UseOpenTelemetry</c>, ...). Beside it,
/// with the same key, options and <see cref="HttpClient"/>, a <see cref="PerceptronFileClient"/> is registered as
/// <see cref="IHostedFileClient"/> (a singleton; unless an <see cref="IHostedFileClient"/> is registered already).
/// </summary>
/// <remarks>
/// Options are validated when the host starts (<c>ValidateOnStart</c>), with messages naming the setting, such as
/// <c>Perceptron:ApiKey</c>. Requests go through the named <see cref="HttpClient"/> <c>Connectors.Perceptron</c>
/// (<c>Connectors.Perceptron.{key}</c> when keyed), which you may configure further; the client's own
/// <see cref="PerceptronClientOptions.Resilience"/> is its retry and rate-limit policy, so do not add a retry handler.
/// </remarks>
public static class PerceptronServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the unkeyed client sends with.</summary>
    public const string HttpClientName = "Connectors.Perceptron";

    /// <summary>Registers the Perceptron client configured in code.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options (endpoint, key, model, resilience).</param>
    /// <param name="lifetime">The client's lifetime; singleton by default, so its rate limiter is shared.</param>
    /// <returns>A builder for the client pipeline.</returns>
    public static ChatClientBuilder AddPerceptronChatClient(this IServiceCollection services, Action<PerceptronClientOptions> configure, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return Register(services, null, o => o.Configure(configure), nameof(PerceptronClientOptions), lifetime);
    }

    /// <summary>Registers the Perceptron client bound to a configuration section such as <c>Perceptron</c>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section holding <c>Endpoint</c>, <c>ApiKey</c>, <c>DefaultModelId</c>, <c>RequestTimeout</c>, <c>Resilience</c>, ...</param>
    /// <param name="lifetime">The client's lifetime; singleton by default.</param>
    /// <returns>A builder for the client pipeline.</returns>
    public static ChatClientBuilder AddPerceptronChatClient(this IServiceCollection services, IConfiguration configuration, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Register(services, null, o => o.Bind(configuration), ClientRegistration.SectionPath(configuration), lifetime, configuration);
    }

    /// <summary>Registers a keyed Perceptron client configured in code.</summary>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The key to resolve it by (<c>[FromKeyedServices(key)]</c>).</param>
    /// <param name="configure">Sets the options.</param>
    /// <param name="lifetime">The client's lifetime; singleton by default.</param>
    /// <returns>A builder for the client pipeline.</returns>
    public static ChatClientBuilder AddKeyedPerceptronChatClient(this IServiceCollection services, object serviceKey, Action<PerceptronClientOptions> configure, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(serviceKey);
        ArgumentNullException.ThrowIfNull(configure);
        return Register(services, serviceKey, o => o.Configure(configure), $"{nameof(PerceptronClientOptions)}[{serviceKey}]", lifetime);
    }

    /// <summary>Registers a keyed Perceptron client bound to a configuration section.</summary>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The key to resolve it by.</param>
    /// <param name="configuration">The section holding the options.</param>
    /// <param name="lifetime">The client's lifetime; singleton by default.</param>
    /// <returns>A builder for the client pipeline.</returns>
    public static ChatClientBuilder AddKeyedPerceptronChatClient(this IServiceCollection services, object serviceKey, IConfiguration configuration, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(serviceKey);
        ArgumentNullException.ThrowIfNull(configuration);
        return Register(services, serviceKey, o => o.Bind(configuration), ClientRegistration.SectionPath(configuration), lifetime, configuration);
    }

    private static ChatClientBuilder Register(
        IServiceCollection services, object? serviceKey, Action<Microsoft.Extensions.Options.OptionsBuilder<PerceptronClientOptions>> configure, string settingPrefix, ServiceLifetime lifetime, IConfiguration? configuration = null)
    {
        var optionsName = serviceKey is null ? Microsoft.Extensions.Options.Options.DefaultName : ClientRegistration.Name(HttpClientName, serviceKey);

        // The Files API client, with the same key, options and HttpClient: upload once, refer to the file in chats.
        ClientRegistration.AddCompanion<PerceptronClientOptions, IHostedFileClient>(services, serviceKey, HttpClientName, static (options, http, logger) => new PerceptronFileClient(options, http, logger));
        return ClientRegistration.Register(
            services,
            serviceKey,
            HttpClientName,
            configure,
            new PerceptronOptionsValidator(optionsName, settingPrefix, configuration),
            static (options, http, logger) => new PerceptronChatClient(options, http, logger),
            lifetime);
    }
}
