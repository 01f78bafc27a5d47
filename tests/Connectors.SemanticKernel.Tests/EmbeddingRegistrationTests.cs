using Connectors.Emulator;
using Connectors.JamAI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Connectors.SemanticKernel.Tests;

public sealed class EmbeddingRegistrationTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static IConfiguration Section(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create<string, string?>("JamAI:" + v.Key, v.Value))).Build().GetSection("JamAI");

    [Fact]
    public async Task The_registered_generator_embeds_through_its_pipeline()
    {
        await using var server = await EmulatorServer.StartAsync(cancellationToken: Token);
        var services = new ServiceCollection();
        services.AddJamAIEmbeddingGenerator(Section(("Endpoint", server.JamAIEndpoint.ToString()), ("Token", "emulator-token")), "ellm/bge-small-en-v1.5")
            .UseLogging(NullLoggerFactory.Instance)
            .UseOpenTelemetry();
        // A chat client bound to another section keeps its own options.
        services.AddJamAIChatClient(Section(("Endpoint", "http://127.0.0.1:1/api")));
        await using var provider = services.BuildServiceProvider();

        var generator = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var embeddings = await generator.GenerateAsync(["Tomatoes like loose soil."], cancellationToken: Token);

        Assert.NotNull(generator.GetService<JamAIEmbeddingGenerator>());
        Assert.Equal("ellm/bge-small-en-v1.5", generator.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelId);
        Assert.Equal(256, Assert.Single(embeddings).Vector.Length);
        Assert.Single(server.RequestLog.Entries, e => e.Path == "/api/v1/embeddings");
        Assert.NotNull(provider.GetRequiredService<IChatClient>().GetService<JamAIChatClient>());
    }

    [Fact]
    public void Missing_settings_fail_at_start_naming_the_setting()
    {
        var services = new ServiceCollection();
        services.AddJamAIEmbeddingGenerator(Section(("Endpoint", "https://api.jamaibase.com/api")), "m");
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("JamAI:Token", error.Message, StringComparison.Ordinal);
    }
}
