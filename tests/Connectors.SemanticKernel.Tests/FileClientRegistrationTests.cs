using Connectors.Perceptron;
using Connectors.Tests;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.SemanticKernel.Tests;

/// <summary>The Perceptron file client registered beside the chat client: same key, options and named HTTP client.</summary>
public sealed class FileClientRegistrationTests
{
    [Fact]
    public void Each_Perceptron_registration_brings_its_file_client_keyed_the_same_way()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "TestData", "appsettings.json")).Build();
        var services = new ServiceCollection();
        services.AddPerceptronChatClient(configuration.GetSection("Perceptron"));
        services.AddKeyedPerceptronChatClient("vision", configuration.GetSection("Agents:Vision"));
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var files = provider.GetRequiredService<IHostedFileClient>();
        var vision = provider.GetRequiredKeyedService<IHostedFileClient>("vision");

        Assert.IsType<PerceptronFileClient>(files);
        Assert.Same(files, provider.GetRequiredService<IHostedFileClient>());
        Assert.NotSame(files, vision);
        Assert.Equal(new Uri("https://perceptron.example.test/v1"), files.GetService<HostedFileClientMetadata>()!.ProviderUri);
        Assert.Equal(new Uri("http://127.0.0.1:5080/v1"), vision.GetService<HostedFileClientMetadata>()!.ProviderUri);
    }

    [Fact]
    public async Task File_requests_go_through_the_named_http_client_with_the_key()
    {
        var handler = new FakeHttpHandler().ReplyJson("""{"object":"file","id":"file-Q7m2Lx9aPz3Kc8Rt1VbN0s","bytes":8,"created_at":1790121600,"filename":"cat.png","purpose":"vision"}""");
        var services = new ServiceCollection();
        services.AddPerceptronChatClient(o => (o.Endpoint, o.ApiKey) = (new Uri("https://perceptron.example.test/v1"), "pk"));
        services.AddHttpClient(PerceptronServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        using var provider = services.BuildServiceProvider();

        var file = await provider.GetRequiredService<IHostedFileClient>().GetFileInfoAsync("file-Q7m2Lx9aPz3Kc8Rt1VbN0s", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("cat.png", file!.Name);
        Assert.Equal(new DateTimeOffset(2026, 9, 23, 0, 0, 0, TimeSpan.Zero), file.CreatedAt);
        Assert.Equal("https://perceptron.example.test/v1/files/file-Q7m2Lx9aPz3Kc8Rt1VbN0s", handler.LastRequest.Uri.ToString());
        Assert.Equal("Bearer pk", handler.LastRequest.Headers["Authorization"]);
    }

    [Fact]
    public void An_application_file_client_registered_first_is_kept()
    {
        var services = new ServiceCollection();
        using var own = new PerceptronFileClient(new PerceptronClientOptions { Endpoint = new Uri("http://127.0.0.1:1/v1") });
        services.AddSingleton<IHostedFileClient>(own);
        services.AddPerceptronChatClient(o => o.Endpoint = new Uri("http://127.0.0.1:2/v1"));
        using var provider = services.BuildServiceProvider();

        Assert.Same(own, provider.GetRequiredService<IHostedFileClient>());
    }
}
