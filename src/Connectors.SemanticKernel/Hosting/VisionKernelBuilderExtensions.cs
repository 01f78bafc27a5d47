using Connectors.JamAI;
using Connectors.Perceptron;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace Connectors.SemanticKernel;

/// <summary>
/// Semantic Kernel registration: the Perceptron and JamAI chat clients as kernel chat services (optionally under a
/// service id), and the <see cref="VisionPlugin"/> over the registered Perceptron client.
/// </summary>
/// <remarks>
/// The clients are added with Semantic Kernel's function invocation, so <c>FunctionChoiceBehavior.Auto()</c> runs the
/// kernel's functions (and its auto-invocation filters). When a prompt names no service id, Semantic Kernel uses the chat
/// service added last: add the Perceptron client for the plugin before the agent's chat model, or set
/// <see cref="PromptExecutionSettings.ServiceId"/>.
/// </remarks>
/// <example>
/// <code>
/// var builder = Kernel.CreateBuilder();
/// builder.AddPerceptronChatClient(o =&gt; o.ApiKey = perceptronKey, serviceId: "vision"); // the plugin's vision model first
/// builder.AddJamAIChatClient(o =&gt; o.Token = jamaiToken);                           // the agent's chat model last
/// builder.AddVisionPlugin("vision", new VisionPluginOptions { AllowedImageRoots = { "/srv/images" } });
/// </code>
/// </example>
public static class VisionKernelBuilderExtensions
{
    /// <summary>Adds a Perceptron chat client configured in code.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="configure">Sets the options.</param>
    /// <param name="serviceId">A service id (keyed registration), or null for the default chat client.</param>
    /// <returns>The builder.</returns>
    public static IKernelBuilder AddPerceptronChatClient(this IKernelBuilder builder, Action<PerceptronClientOptions> configure, string? serviceId = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        (serviceId is null ? builder.Services.AddPerceptronChatClient(configure) : builder.Services.AddKeyedPerceptronChatClient(serviceId, configure)).UseKernelFunctionInvocation();
        return AddChatCompletionService(builder, serviceId);
    }

    /// <summary>Adds a Perceptron chat client bound to a configuration section such as <c>Perceptron</c>.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="configuration">The section.</param>
    /// <param name="serviceId">A service id (keyed registration), or null for the default chat client.</param>
    /// <returns>The builder.</returns>
    public static IKernelBuilder AddPerceptronChatClient(this IKernelBuilder builder, IConfiguration configuration, string? serviceId = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        (serviceId is null ? builder.Services.AddPerceptronChatClient(configuration) : builder.Services.AddKeyedPerceptronChatClient(serviceId, configuration)).UseKernelFunctionInvocation();
        return AddChatCompletionService(builder, serviceId);
    }

    /// <summary>Adds a JamAI chat client configured in code.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="configure">Sets the options.</param>
    /// <param name="serviceId">A service id (keyed registration), or null for the default chat client.</param>
    /// <returns>The builder.</returns>
    public static IKernelBuilder AddJamAIChatClient(this IKernelBuilder builder, Action<JamAIClientOptions> configure, string? serviceId = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        (serviceId is null ? builder.Services.AddJamAIChatClient(configure) : builder.Services.AddKeyedJamAIChatClient(serviceId, configure)).UseKernelFunctionInvocation();
        return AddChatCompletionService(builder, serviceId);
    }

    /// <summary>Adds a JamAI chat client bound to a configuration section such as <c>JamAI</c>.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="configuration">The section.</param>
    /// <param name="serviceId">A service id (keyed registration), or null for the default chat client.</param>
    /// <returns>The builder.</returns>
    public static IKernelBuilder AddJamAIChatClient(this IKernelBuilder builder, IConfiguration configuration, string? serviceId = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        (serviceId is null ? builder.Services.AddJamAIChatClient(configuration) : builder.Services.AddKeyedJamAIChatClient(serviceId, configuration)).UseKernelFunctionInvocation();
        return AddChatCompletionService(builder, serviceId);
    }

    /// <summary>
    /// Adds the <c>Vision</c> plugin over a registered Perceptron client: the one with <paramref name="perceptronServiceId"/>,
    /// or else the first registered <see cref="IChatClient"/> (unkeyed, then keyed) backed by a <see cref="PerceptronChatClient"/>.
    /// The <see cref="VisionPlugin"/> itself is registered too, to add images to it.
    /// </summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="perceptronServiceId">The service id the Perceptron client was added under, or null to find it.</param>
    /// <param name="options">The plugin options, or null for the defaults (no local files, no downloads).</param>
    /// <returns>The builder.</returns>
    public static IKernelBuilder AddVisionPlugin(this IKernelBuilder builder, string? perceptronServiceId = null, VisionPluginOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddVisionPlugin(perceptronServiceId, options);
        return builder;
    }

    /// <summary>Adds the <c>Vision</c> plugin over the given client.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="perceptronClient">The client that answers vision requests.</param>
    /// <param name="options">The plugin options, or null for the defaults.</param>
    /// <returns>The builder.</returns>
    public static IKernelBuilder AddVisionPlugin(this IKernelBuilder builder, IChatClient perceptronClient, VisionPluginOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(perceptronClient);
        return builder.AddVisionPlugin(new VisionPlugin(perceptronClient, options));
    }

    /// <summary>Adds an existing <see cref="VisionPlugin"/> as the <c>Vision</c> plugin.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="plugin">The plugin.</param>
    /// <returns>The builder.</returns>
    public static IKernelBuilder AddVisionPlugin(this IKernelBuilder builder, VisionPlugin plugin)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(plugin);
        builder.Services.AddSingleton(plugin);
        AddPluginServices(builder.Services);
        return builder;
    }

    /// <summary>
    /// Adds the <c>Vision</c> plugin to a service collection (for <c>services.AddKernel()</c> apps), over the Perceptron
    /// client with <paramref name="perceptronServiceKey"/> or else the first registered one.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="perceptronServiceKey">The key the Perceptron client was added under, or null to find it.</param>
    /// <param name="options">The plugin options, or null for the defaults.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddVisionPlugin(this IServiceCollection services, object? perceptronServiceKey = null, VisionPluginOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(provider => new VisionPlugin(FindPerceptronClient(provider, perceptronServiceKey), options));
        AddPluginServices(services);
        return services;
    }

    private static void AddPluginServices(IServiceCollection services)
    {
        if (services.Count(static d => d.ServiceType == typeof(VisionPlugin)) > 1)
        {
            throw new InvalidOperationException("AddVisionPlugin was called more than once for these services; a kernel holds one plugin named Vision.");
        }

        services.AddSingleton(static provider => provider.GetRequiredService<VisionPlugin>().AsKernelPlugin());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAutoFunctionInvocationFilter, VisionFunctionErrorFilter>());
    }

    private static IChatClient FindPerceptronClient(IServiceProvider provider, object? serviceKey)
    {
        if (serviceKey is not null)
        {
            return provider.GetKeyedService<IChatClient>(serviceKey)
                ?? throw new InvalidOperationException($"No IChatClient is registered under '{serviceKey}': add the Perceptron client with that service id before AddVisionPlugin.");
        }

        foreach (var client in provider.GetServices<IChatClient>().Concat(provider.GetKeyedServices<IChatClient>(KeyedService.AnyKey)))
        {
            if (client.GetService<PerceptronChatClient>() is not null)
            {
                return client;
            }
        }

        throw new InvalidOperationException(
            "AddVisionPlugin found no Perceptron chat client: call AddPerceptronChatClient first, or pass the client (or its service id) to AddVisionPlugin.");
    }

    /// <summary>Also offers the client as Semantic Kernel's <see cref="IChatCompletionService"/>, under the same service id.</summary>
    private static IKernelBuilder AddChatCompletionService(IKernelBuilder builder, string? serviceId)
    {
        if (serviceId is null)
        {
            builder.Services.AddSingleton(static provider => provider.GetRequiredService<IChatClient>().AsChatCompletionService(provider));
        }
        else
        {
            builder.Services.AddKeyedSingleton(serviceId, static (provider, key) => provider.GetRequiredKeyedService<IChatClient>(key).AsChatCompletionService(provider));
        }

        return builder;
    }
}
