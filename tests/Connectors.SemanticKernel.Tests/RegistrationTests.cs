using System.Text.Json.Nodes;
using Connectors.JamAI;
using Connectors.Perceptron;
using Connectors.Tests;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace Connectors.SemanticKernel.Tests;

/// <summary>Dependency injection: options from configuration, keyed and unkeyed clients, start-up validation, named HTTP clients.</summary>
public sealed class RegistrationTests
{
    private static IConfiguration AppSettings() =>
        new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "TestData", "appsettings.json")).Build();

    private static IConfiguration InMemory(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, v.Value))).Build();

    private static ServiceProvider BuildAll(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddPerceptronChatClient(configuration.GetSection("Perceptron"));
        services.AddKeyedPerceptronChatClient("vision", configuration.GetSection("Agents:Vision"));
        services.AddKeyedJamAIChatClient("chat", configuration.GetSection("Agents:Chat"));
        services.AddJamAIChatClient(configuration.GetSection("JamAI"));
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private static OptionsValidationException StartupFails(ServiceProvider provider) =>
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

    [Fact]
    public void Appsettings_resolve_both_clients_keyed_and_unkeyed_with_the_bound_options()
    {
        using var provider = BuildAll(AppSettings());
        provider.GetRequiredService<IStartupValidator>().Validate();

        var perceptron = provider.GetServices<IChatClient>().Select(c => c.GetService<PerceptronChatClient>()).Single(c => c is not null);
        var jamai = provider.GetServices<IChatClient>().Select(c => c.GetService<JamAIChatClient>()).Single(c => c is not null);
        var vision = provider.GetRequiredKeyedService<IChatClient>("vision").GetService<PerceptronChatClient>();
        var chat = provider.GetRequiredKeyedService<IChatClient>("chat").GetService<JamAIChatClient>();
        Assert.NotNull(perceptron);
        Assert.Equal(2, provider.GetServices<IChatClient>().Count());
        Assert.NotNull(vision);
        Assert.NotNull(chat);
        Assert.NotSame(perceptron, vision);

        var perceptronOptions = perceptron!.GetService<PerceptronClientOptions>()!;
        Assert.Equal(new Uri("https://perceptron.example.test/v1"), perceptronOptions.Endpoint);
        Assert.Equal("pk-test-unkeyed", perceptronOptions.ApiKey);
        Assert.Equal("perceptron-mk1.5", perceptronOptions.DefaultModelId);
        Assert.Equal(TimeSpan.FromSeconds(45), perceptronOptions.RequestTimeout);
        Assert.Equal(1, perceptronOptions.Resilience.MaxRetries);
        Assert.Equal(120, perceptronOptions.Resilience.RequestsPerWindow);
        Assert.Equal("isaac-0.2-1b", vision.GetService<PerceptronClientOptions>()!.DefaultModelId);
        Assert.Equal(new Uri("http://127.0.0.1:5080/v1"), vision.GetService<PerceptronClientOptions>()!.Endpoint);
        Assert.Equal("perceptron", provider.GetRequiredKeyedService<IChatClient>("vision").GetService<ChatClientMetadata>()!.ProviderName);
        Assert.Equal(new Uri("http://localhost:6969/api"), provider.GetRequiredKeyedService<IChatClient>("chat").GetService<ChatClientMetadata>()!.ProviderUri);
        Assert.NotNull(jamai);

        // Singletons: one client (and one rate limiter) per registration.
        Assert.Same(provider.GetRequiredKeyedService<IChatClient>("vision"), provider.GetRequiredKeyedService<IChatClient>("vision"));
    }

    [Fact]
    public void A_missing_Perceptron_api_key_fails_at_start_up_naming_the_setting()
    {
        var configuration = InMemory(("Perceptron:DefaultModelId", "isaac-0.1"), ("JamAI:Token", "t"), ("Agents:Vision:Endpoint", "http://127.0.0.1:1/v1"), ("Agents:Chat:Endpoint", "http://127.0.0.1:1/api"));
        using var provider = BuildAll(configuration);

        var error = StartupFails(provider);

        Assert.Contains("Perceptron:ApiKey is not set", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Agents:Vision", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_keyed_endpoint_fails_at_start_up_naming_the_keyed_section()
    {
        var configuration = InMemory(("Perceptron:ApiKey", "k"), ("JamAI:Token", "t"), ("Agents:Vision:Endpoint", ""), ("Agents:Vision:ApiKey", "k"), ("Agents:Chat:Endpoint", "http://127.0.0.1:1/api"));
        using var provider = BuildAll(configuration);

        var error = StartupFails(provider);

        Assert.Contains("Agents:Vision:Endpoint is missing or not an absolute http(s) URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_keyed_api_key_fails_at_start_up_naming_the_keyed_section()
    {
        var configuration = InMemory(("Perceptron:ApiKey", "k"), ("JamAI:Token", "t"), ("Agents:Vision:Endpoint", "https://api.perceptron.inc/v1"), ("Agents:Chat:Endpoint", "http://127.0.0.1:1/api"));
        using var provider = BuildAll(configuration);

        var error = StartupFails(provider);

        Assert.Contains("Agents:Vision:ApiKey is not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_JamAI_token_for_the_cloud_fails_at_start_up_naming_the_setting()
    {
        var configuration = InMemory(("Perceptron:ApiKey", "k"), ("JamAI:ProjectId", "proj_x"), ("Agents:Vision:Endpoint", "http://127.0.0.1:1/v1"), ("Agents:Chat:Endpoint", "http://127.0.0.1:1/api"));
        using var provider = BuildAll(configuration);

        var error = StartupFails(provider);

        Assert.Contains("JamAI:Token is not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_endpoint_fails_at_start_up_naming_the_setting()
    {
        var configuration = InMemory(("Perceptron:ApiKey", "k"), ("JamAI:Token", "t"), ("Agents:Vision:Endpoint", "http://127.0.0.1:1/v1"), ("Agents:Chat:Endpoint", "not a url"));
        using var provider = BuildAll(configuration);

        var error = Assert.ThrowsAny<Exception>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Agents:Chat:Endpoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_messages_never_show_the_key()
    {
        var configuration = InMemory(("Perceptron:ApiKey", "pk-secret-123"), ("Perceptron:DefaultModelId", " "), ("JamAI:Token", "t"), ("Agents:Vision:Endpoint", "http://127.0.0.1:1/v1"), ("Agents:Chat:Endpoint", "http://127.0.0.1:1/api"));
        using var provider = BuildAll(configuration);

        var error = StartupFails(provider);

        Assert.Contains("Perceptron:", error.Message, StringComparison.Ordinal);
        Assert.Contains("DefaultModelId", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pk-secret-123", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kernel_registration_offers_each_client_as_an_IChatCompletionService_too_and_prompts_go_to_the_one_added_last()
    {
        const string Reply = """{"id":"j","object":"chat.completion","model":"jamai-model","choices":[{"index":0,"message":{"role":"assistant","content":"from jamai"},"finish_reason":"stop"}]}""";
        var service = new FakeHttpHandler().ReplyJson(Reply).ReplyJson(Reply).ReplyJson(Reply);
        var builder = Kernel.CreateBuilder();
        builder.AddPerceptronChatClient(o => (o.Endpoint, o.ApiKey) = (new Uri("http://127.0.0.1:9/v1"), "k"), serviceId: "vision");
        builder.AddJamAIChatClient(o => o.Endpoint = new Uri("http://127.0.0.1:9/api"));
        builder.Services.ConfigureAll<Microsoft.Extensions.Http.HttpClientFactoryOptions>(o => o.HttpMessageHandlerBuilderActions.Add(b => b.PrimaryHandler = service));
        var kernel = builder.Build();

        var token = TestContext.Current.CancellationToken;
        await kernel.Services.GetRequiredKeyedService<IChatCompletionService>("vision").GetChatMessageContentAsync("to vision", cancellationToken: token);
        await kernel.Services.GetRequiredService<IChatCompletionService>().GetChatMessageContentAsync("to chat", cancellationToken: token);
        var answer = await kernel.InvokePromptAsync("a prompt", cancellationToken: token);

        Assert.Equal("from jamai", answer.ToString());
        Assert.Equal(["/v1/chat/completions", "/api/v1/chat/completions", "/api/v1/chat/completions"], service.Requests.Select(r => r.Uri.AbsolutePath));
    }

    [Fact]
    public void Code_configured_registrations_validate_too()
    {
        var services = new ServiceCollection();
        services.AddKeyedPerceptronChatClient("p", o => o.Endpoint = new Uri("https://api.perceptron.inc/v1"));
        using var provider = services.BuildServiceProvider();

        var error = StartupFails(provider);

        Assert.Contains("PerceptronClientOptions[p]:ApiKey is not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_go_through_the_named_http_client_and_the_builder_adds_middleware()
    {
        var handler = new FakeHttpHandler().ReplyJson(Completion("hello"));
        var services = new ServiceCollection();
        var used = 0;
        services.AddPerceptronChatClient(o => (o.Endpoint, o.ApiKey) = (new Uri("https://perceptron.example.test/v1"), "pk"))
            .Use((messages, options, next, cancellationToken) =>
            {
                used++;
                return next(messages, options, cancellationToken);
            });
        services.AddHttpClient(PerceptronServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        using var provider = services.BuildServiceProvider();

        var response = await provider.GetRequiredService<IChatClient>().GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("hello", response.Text);
        Assert.Equal(1, used);
        Assert.Equal("https://perceptron.example.test/v1/chat/completions", handler.LastRequest.Uri.ToString());
        Assert.Equal("Bearer pk", handler.LastRequest.Headers["Authorization"]);
    }

    [Fact]
    public async Task Retries_are_the_clients_own_policy_only()
    {
        var handler = new FakeHttpHandler()
            .Reply(System.Net.HttpStatusCode.ServiceUnavailable, """{"error":{"message":"busy","type":"model_overloaded","code":"model_overloaded"}}""")
            .Reply(System.Net.HttpStatusCode.ServiceUnavailable, """{"error":{"message":"busy","type":"model_overloaded","code":"model_overloaded"}}""");
        var services = new ServiceCollection();
        services.AddPerceptronChatClient(o =>
        {
            (o.Endpoint, o.ApiKey) = (new Uri("https://perceptron.example.test/v1"), "pk");
            (o.Resilience.MaxRetries, o.Resilience.BaseDelay) = (1, TimeSpan.Zero);
        });
        services.AddHttpClient(PerceptronServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        using var provider = services.BuildServiceProvider();

        await Assert.ThrowsAnyAsync<Core.ChatServiceException>(() => provider.GetRequiredService<IChatClient>().GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(2, handler.Requests.Count); // one try and the one retry configured: no second layer multiplies them
    }

    internal static string Completion(string text) => new JsonObject
    {
        ["id"] = "c1",
        ["object"] = "chat.completion",
        ["created"] = 1,
        ["model"] = "m",
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = text },
            ["finish_reason"] = "stop",
        }),
    }.ToJsonString();
}
