using Microsoft.Extensions.AI;

namespace Connectors.JamAI.Tests;

[Collection(nameof(EnvironmentCollection))]
public class ClientTests
{
    [Fact]
    public void GetServiceReturnsMetadataOptionsAndItself()
    {
        using var client = Clients.Create(new ScriptedHandler());

        var metadata = client.GetService<ChatClientMetadata>();
        Assert.Equal("jamai", metadata!.ProviderName);
        Assert.Equal(new Uri("http://127.0.0.1:6969/api"), metadata.ProviderUri);
        Assert.Equal("openai/gpt-4o-mini", metadata.DefaultModelId);
        Assert.Equal("proj_test", client.GetService<JamAIClientOptions>()!.ProjectId);
        Assert.Same(client, client.GetService<JamAIChatClient>());
        Assert.Same(client, client.GetService<IChatClient>());
        Assert.Null(client.GetService<ChatClientMetadata>("key"));
        Assert.Null(client.GetService<JamAIChatClient>("key"));
        Assert.Null(client.GetService<string>());
    }

    [Fact]
    public void EmptyDefaultModelHasNoMetadataModel()
    {
        using var client = Clients.Create(new ScriptedHandler(), o => o.DefaultModelId = "");

        Assert.Null(client.GetService<ChatClientMetadata>()!.DefaultModelId);
    }

    [Fact]
    public void OptionsAreCopied()
    {
        var options = new JamAIClientOptions { ProjectId = "proj_a" };
        using var client = new JamAIChatClient(options);
        options.ProjectId = "proj_b";

        Assert.Equal("proj_a", client.GetService<JamAIClientOptions>()!.ProjectId);
    }

    [Fact]
    public async Task DisposeLeavesTheInjectedHttpClientUsable()
    {
        var handler = new ScriptedHandler().Json(TestData.Read("plain.json"));
        using var http = new HttpClient(handler);
        var client = new JamAIChatClient(new JamAIClientOptions { Endpoint = new Uri("http://127.0.0.1:1/api") }, http);
        client.Dispose();

        using var again = new JamAIChatClient(new JamAIClientOptions { Endpoint = new Uri("http://127.0.0.1:1/api") }, http);
        var response = await again.GetResponseAsync([new(ChatRole.User, "Hi")], cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("Hello there.", response.Text);
    }

    [Fact]
    public void DefaultsFollowTheSpec()
    {
        var options = new JamAIClientOptions();

        Assert.Equal(new Uri("https://api.jamaibase.com/api"), options.Endpoint);
        Assert.Equal(TimeSpan.FromMinutes(5), options.RequestTimeout);
        Assert.Equal(string.Empty, options.DefaultModelId);
    }

    [Fact]
    public void ToStringHidesTheToken()
    {
        var text = new JamAIClientOptions { Token = Clients.Token, ProjectId = "proj_x" }.ToString();

        Assert.DoesNotContain(Clients.Token, text, StringComparison.Ordinal);
        Assert.Contains("***", text, StringComparison.Ordinal);
        Assert.Contains("proj_x", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://host/api", null, null)]
    [InlineData("http://host/api?x=1", null, null)]
    [InlineData("http://host/api", "has space", null)]
    [InlineData("http://host/api", "", null)]
    [InlineData("http://host/api", null, " proj")]
    public void InvalidOptionsAreRefusedClearly(string endpoint, string? token, string? project)
    {
        var options = new JamAIClientOptions { Endpoint = new Uri(endpoint), Token = token, ProjectId = project };

        var error = Assert.Throws<ArgumentException>(() => new JamAIChatClient(options));
        Assert.StartsWith("JamAIClientOptions.", error.Message, StringComparison.Ordinal);
        if (token is { Length: > 0 })
        {
            Assert.DoesNotContain(token, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void NonPositiveTimeoutIsRefused()
    {
        Assert.Throws<ArgumentException>(() => new JamAIChatClient(new JamAIClientOptions { RequestTimeout = TimeSpan.Zero }));
    }

    [Fact]
    public void FromEnvironmentReadsTheSdkVariables()
    {
        using var _ = new EnvironmentScope(new()
        {
            ["JAMAI_TOKEN"] = "pat_env",
            ["JAMAI_PROJECT_ID"] = "proj_env",
            ["JAMAI_API_BASE"] = "http://localhost:6969/api",
            ["JAMAI_TIMEOUT_SEC"] = "42.5",
        });

        var options = JamAIClientOptions.FromEnvironment();

        Assert.Equal("pat_env", options.Token);
        Assert.Equal("proj_env", options.ProjectId);
        Assert.Equal(new Uri("http://localhost:6969/api"), options.Endpoint);
        Assert.Equal(TimeSpan.FromSeconds(42.5), options.RequestTimeout);
    }

    [Fact]
    public void FromEnvironmentKeepsDefaultsAndRefusesBadValues()
    {
        using (new EnvironmentScope(new() { ["JAMAI_TOKEN"] = null, ["JAMAI_PROJECT_ID"] = null, ["JAMAI_API_BASE"] = null, ["JAMAI_TIMEOUT_SEC"] = null }))
        {
            var options = JamAIClientOptions.FromEnvironment();
            Assert.Null(options.Token);
            Assert.Equal(JamAIClientOptions.DefaultEndpoint, options.Endpoint);
        }

        using (new EnvironmentScope(new() { ["JAMAI_TIMEOUT_SEC"] = "soon" }))
        {
            Assert.Throws<ArgumentException>(JamAIClientOptions.FromEnvironment);
        }

        using (new EnvironmentScope(new() { ["JAMAI_API_BASE"] = "not a url" }))
        {
            Assert.Throws<ArgumentException>(JamAIClientOptions.FromEnvironment);
        }
    }

    [Fact]
    public async Task ListModelsSendsCapabilitiesAndReadsTheListing()
    {
        var handler = new ScriptedHandler().Json("""
            {"object":"models.info","data":[
              {"id":"openai/gpt-4o-mini","type":"llm","name":"GPT-4o mini","owned_by":"openai","capabilities":["chat","image","tool"],"context_length":128000,"max_output_tokens":16384,"languages":["en"]},
              {"id":"ellm/qwen","type":"llm","name":null,"owned_by":"ellm","capabilities":null,"context_length":null,"max_output_tokens":null}]}
            """);
        using var client = Clients.Create(handler);

        var models = await client.ListModelsAsync(["chat", "image"], TestContext.Current.CancellationToken);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("http://127.0.0.1:6969/api/v1/models?capabilities=chat&capabilities=image", request.Uri.ToString());
        Assert.Equal($"Bearer {Clients.Token}", request.Header("Authorization"));
        Assert.Equal("proj_test", request.Header("X-PROJECT-ID"));
        Assert.Equal(2, models.Count);
        Assert.Equal(("openai/gpt-4o-mini", "llm", "GPT-4o mini", "openai", 128000L, 16384L), (models[0].Id, models[0].Type, models[0].Name, models[0].OwnedBy, models[0].ContextLength, models[0].MaxOutputTokens));
        Assert.Equal(["chat", "image", "tool"], models[0].Capabilities);
        Assert.Equal("en", models[0].AdditionalProperties!["languages"][0].GetString());
        Assert.Empty(models[1].Capabilities);
    }

    [Fact]
    public async Task ListModelIds()
    {
        var handler = new ScriptedHandler().Json("""["openai/gpt-4o-mini","anthropic/claude-haiku-4-5"]""");
        using var client = Clients.Create(handler);

        var ids = await client.ListModelIdsAsync(TestContext.Current.CancellationToken);

        Assert.Equal("http://127.0.0.1:6969/api/v1/models/ids", handler.Requests[0].Uri.ToString());
        Assert.Equal(["openai/gpt-4o-mini", "anthropic/claude-haiku-4-5"], ids);
    }

    [Fact]
    public async Task ListModelsErrorsAreTyped()
    {
        var handler = new ScriptedHandler().Json(TestData.Read("errors/401-unauthorized.json"), System.Net.HttpStatusCode.Unauthorized);
        using var client = Clients.Create(handler);

        var error = await Assert.ThrowsAsync<Connectors.Core.ChatAuthenticationException>(() => client.ListModelsAsync(cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal("unauthorized", error.ErrorCode);
    }
}

[CollectionDefinition(nameof(EnvironmentCollection), DisableParallelization = true)]
public sealed class EnvironmentCollection;

/// <summary>Sets environment variables for a test and restores them afterwards.</summary>
internal sealed class EnvironmentScope : IDisposable
{
    private readonly Dictionary<string, string?> _saved = [];

    public EnvironmentScope(Dictionary<string, string?> values)
    {
        foreach (var (name, value) in values)
        {
            _saved[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    public void Dispose()
    {
        foreach (var (name, value) in _saved)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
