using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Connectors.SemanticKernel;

/// <summary>
/// The shared part of the client registrations: named options validated at start-up, a named
/// <see cref="HttpClient"/> without a timeout or retries of its own (the client's timeouts and
/// <see cref="Connectors.Core.ChatResilienceOptions"/> stay the one policy), and MEAI's chat client registration.
/// </summary>
internal static class ClientRegistration
{
    public static string Name(string prefix, object? serviceKey) =>
        serviceKey is null ? prefix : $"{prefix}.{Convert.ToString(serviceKey, CultureInfo.InvariantCulture)}";

    public static string SectionPath(IConfiguration configuration) =>
        configuration is IConfigurationSection section ? section.Path : "configuration";

    public static ChatClientBuilder Register<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(
        IServiceCollection services,
        object? serviceKey,
        string namePrefix,
        Action<OptionsBuilder<TOptions>> configure,
        IValidateOptions<TOptions> validator,
        Func<TOptions, HttpClient, ILogger, IChatClient> create,
        ServiceLifetime lifetime)
        where TOptions : class
    {
        var parts = AddParts(services, serviceKey is null ? Options.DefaultName : Name(namePrefix, serviceKey), Name(namePrefix, serviceKey), configure, validator);
        IChatClient Factory(IServiceProvider provider) => create(parts.Options(provider), parts.Http(provider), parts.Logger(provider));
        return serviceKey is null
            ? services.AddChatClient(Factory, lifetime)
            : services.AddKeyedChatClient(serviceKey, Factory, lifetime);
    }

    /// <summary>
    /// Registers a service made from the same options and <see cref="HttpClient"/> as a client registered by
    /// <see cref="Register"/> (Perceptron's file client beside its chat client), keyed the same way, unless one is
    /// registered already. Singleton: it holds the same kind of rate limiter as the chat client.
    /// </summary>
    public static void AddCompanion<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions, TService>(IServiceCollection services, object? serviceKey, string namePrefix, Func<TOptions, HttpClient, ILogger, TService> create)
        where TOptions : class
        where TService : class
    {
        var optionsName = serviceKey is null ? Options.DefaultName : Name(namePrefix, serviceKey);
        var httpClientName = Name(namePrefix, serviceKey);
        TService Factory(IServiceProvider provider) => create(
            provider.GetRequiredService<IOptionsMonitor<TOptions>>().Get(optionsName),
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(httpClientName),
            (provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger(httpClientName));
        if (serviceKey is null)
        {
            services.TryAddSingleton(Factory);
        }
        else
        {
            services.TryAddKeyedSingleton(serviceKey, (provider, _) => Factory(provider));
        }
    }

    /// <summary>As <see cref="Register"/>, for an embedding generator; its options are named apart from a chat client's.</summary>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> RegisterEmbeddings<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(
        IServiceCollection services,
        string namePrefix,
        Action<OptionsBuilder<TOptions>> configure,
        IValidateOptions<TOptions> validator,
        Func<TOptions, HttpClient, ILogger, IEmbeddingGenerator<string, Embedding<float>>> create,
        ServiceLifetime lifetime)
        where TOptions : class
    {
        var parts = AddParts(services, namePrefix, namePrefix, configure, validator);
        return services.AddEmbeddingGenerator(provider => create(parts.Options(provider), parts.Http(provider), parts.Logger(provider)), lifetime);
    }

    private static (Func<IServiceProvider, TOptions> Options, Func<IServiceProvider, HttpClient> Http, Func<IServiceProvider, ILogger> Logger) AddParts<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(
        IServiceCollection services,
        string optionsName,
        string httpClientName,
        Action<OptionsBuilder<TOptions>> configure,
        IValidateOptions<TOptions> validator)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<TOptions>(optionsName);
        configure(options);
        services.AddSingleton(validator);
        options.ValidateOnStart();

        // Long-lived clients keep their HttpClient, so connections are recycled by the pool instead of by handler rotation.
        services.AddHttpClient(httpClientName)
            .ConfigureHttpClient(static http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), AllowAutoRedirect = false })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);

        return (
            provider => provider.GetRequiredService<IOptionsMonitor<TOptions>>().Get(optionsName),
            provider => provider.GetRequiredService<IHttpClientFactory>().CreateClient(httpClientName),
            provider => (provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger(httpClientName));
    }
}
