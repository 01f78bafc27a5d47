using System.Net;
using System.Net.Http.Headers;

namespace Connectors.Emulator.Tests;

public sealed class RouteTests : EmulatorTestBase
{
    [Fact]
    public void Endpoints_are_on_loopback_with_an_ephemeral_port()
    {
        Assert.Equal("127.0.0.1", Server.BaseAddress.Host);
        Assert.NotEqual(0, Server.BaseAddress.Port);
        Assert.Equal($"http://127.0.0.1:{Server.BaseAddress.Port}/v1", Server.PerceptronEndpoint.ToString());
        Assert.Equal($"http://127.0.0.1:{Server.BaseAddress.Port}/api", Server.JamAIEndpoint.ToString());
    }

    [Fact]
    public async Task Perceptron_models_list_and_extended_items()
    {
        using var plain = await Http.GetAsync("/v1/models", Ct);
        var list = await JsonAsync(plain);
        Assert.Equal("list", (string?)list["object"]);
        Assert.Contains(list["data"]!.AsArray(), m => (string?)m!["id"] == "perceptron-mk1.5");
        Assert.Null(list["data"]![0]!["max_context_tokens"]);

        using var extended = await Http.GetAsync("/v1/models?extended=true", Ct);
        var items = (await JsonAsync(extended))["data"]!.AsArray();
        var isaac = items.Single(m => (string?)m!["id"] == "isaac-0.2-1b")!;
        Assert.Equal(8192, (int)isaac["max_context_tokens"]!);
        Assert.NotNull(isaac["max_output_tokens"]);
        Assert.NotNull(isaac["name"]);
        Assert.NotNull(isaac["description"]);
        Assert.NotNull(isaac["modalities"]!.AsArray());
        Assert.NotNull(isaac["sampling_parameters"]!.AsArray());
        Assert.Contains(isaac["output_formats"]!.AsArray(), f => (string?)f == "box");
        Assert.Contains(isaac["capabilities"]!.AsArray(), f => (string?)f == "tool_calling");
        Assert.True((bool)isaac["reasoning"]!["supported"]!);
        Assert.False((bool)isaac["reasoning"]!["always_enabled"]!);

        using var one = await Http.GetAsync("/v1/models/perceptron-mk1?extended=true", Ct);
        Assert.Equal(32768, (int)(await JsonAsync(one))["max_context_tokens"]!);

        using var missing = await Http.GetAsync("/v1/models/nope", Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("model_not_found", (string?)(await JsonAsync(missing))["error"]!["code"]);
    }

    [Fact]
    public async Task JamAI_models_filter_by_capabilities()
    {
        using var all = await Http.GetAsync("/api/v1/models", Ct);
        var json = await JsonAsync(all);
        Assert.Equal("models.info", (string?)json["object"]);
        Assert.Equal(5, json["data"]!.AsArray().Count);
        var first = json["data"]![0]!;
        foreach (var field in new[] { "id", "type", "name", "owned_by", "capabilities", "context_length", "max_output_tokens" })
        {
            Assert.NotNull(first[field]);
        }

        using var image = await Http.GetAsync("/api/v1/models?capabilities=chat&capabilities=image", Ct);
        Assert.Equal(["anthropic/claude-haiku-4-5", "openai/gpt-4o-mini"], (await JsonAsync(image))["data"]!.AsArray().Select(m => (string)m!["id"]!).Order());

        using var ids = await Http.GetAsync("/api/v1/models/ids?capabilities=embed", Ct);
        Assert.Equal(["ellm/bge-small-en-v1.5"], (await JsonAsync(ids)).AsArray().Select(m => (string)m!));
    }

    [Fact]
    public async Task JamAI_health_needs_no_auth()
    {
        using var client = new HttpClient { BaseAddress = Server.BaseAddress };
        using var response = await client.GetAsync("/api/health", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((bool)(await JsonAsync(response))["is_oss"]!); // the current server's shape
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Basic abc")]
    public async Task Missing_or_non_bearer_auth_is_401_in_each_shape_when_keys_are_required(string? authorization)
    {
        var options = new EmulatorOptions();
        options.ApiKeys.Add("required-key");
        await using var keyed = await EmulatorServer.StartAsync(options, Ct);
        using var client = new HttpClient { BaseAddress = keyed.BaseAddress };
        if (authorization is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }

        using var p = await client.PostAsync("/v1/chat/completions", new StringContent(PerceptronBody("hi").ToJsonString()), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, p.StatusCode);
        Assert.Equal("Missing API key: send it as a bearer token", (string?)(await JsonAsync(p))["error"]!["message"]);

        using var models = await client.GetAsync("/v1/models", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, models.StatusCode);

        using var j = await client.PostAsync("/api/v1/chat/completions", new StringContent(JamAIBody("hi").ToJsonString()), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, j.StatusCode);
        var error = await JsonAsync(j);
        Assert.Equal("error", (string?)error["object"]);
        Assert.Equal("unauthorized", (string?)error["error"]);
        Assert.Equal(j.Headers.GetValues("x-request-id").Single(), (string?)error["request_id"]);
    }

    [Fact]
    public async Task A_wrong_key_is_the_services_invalid_key_401_when_keys_are_required()
    {
        var options = new EmulatorOptions();
        options.ApiKeys.Add("required-key");
        await using var keyed = await EmulatorServer.StartAsync(options, Ct);
        using var client = new HttpClient { BaseAddress = keyed.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", "wrong-key");

        using var p = await client.PostAsync("/v1/chat/completions", new StringContent(PerceptronBody("hi").ToJsonString()), Ct);
        using var j = await client.PostAsync("/api/v1/chat/completions", new StringContent(JamAIBody("hi").ToJsonString()), Ct);

        Assert.Equal(Compact(File.ReadAllText(Fixtures.Path("errors/401-auth.json"))), Compact(await p.Content.ReadAsStringAsync(Ct)));
        Assert.Equal("You provided an invalid authorization token.", (string?)(await JsonAsync(j))["message"]);
    }

    [Fact]
    public async Task By_default_the_emulator_needs_no_key()
    {
        using var client = new HttpClient { BaseAddress = Server.BaseAddress };

        using var p = await client.PostAsync("/v1/chat/completions", new StringContent(PerceptronBody("hi").ToJsonString()), Ct);
        using var j = await client.PostAsync("/api/v1/chat/completions", new StringContent(JamAIBody("hi").ToJsonString()), Ct);

        Assert.Equal(HttpStatusCode.OK, p.StatusCode);
        Assert.Equal(HttpStatusCode.OK, j.StatusCode);
    }

    [Fact]
    public async Task Correlation_headers_on_every_response()
    {
        using var p = await Http.GetAsync("/v1/models", Ct);
        Assert.Matches("^[0-9a-f]{32}$", p.Headers.GetValues("x-trace-id").Single());

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/models");
        request.Headers.Add("X-REQUEST-ID", "req-123");
        using var j = await Http.SendAsync(request, Ct);
        Assert.Equal("req-123", j.Headers.GetValues("x-request-id").Single());

        using var generated = await Http.GetAsync("/api/v1/models/ids", Ct);
        Assert.False(string.IsNullOrEmpty(generated.Headers.GetValues("x-request-id").Single()));

        using var notFound = await Http.GetAsync("/v1/nothing-here", Ct);
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.True(notFound.Headers.Contains("x-trace-id"));
    }

    [Fact]
    public async Task JamAI_project_header_must_name_a_project()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/models");
        request.Headers.Add("X-PROJECT-ID", "not-a-project");
        using var bad = await Http.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode); // the current server answers an unknown project with 401
        Assert.Equal("unauthorized", (string?)(await JsonAsync(bad))["error"]);

        using var good = new HttpRequestMessage(HttpMethod.Get, "/api/v1/models");
        good.Headers.Add("X-PROJECT-ID", "proj_123");
        using var ok = await Http.SendAsync(good, Ct);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }
}

public sealed class FixedKeyTests : EmulatorTestBase
{
    protected override EmulatorOptions CreateOptions()
    {
        var options = new EmulatorOptions { RequireProjectId = true };
        options.ApiKeys.Add("test-key");
        return options;
    }

    [Fact]
    public async Task Only_listed_keys_are_accepted_and_the_project_header_can_be_required()
    {
        using var ok = await PostAsync("/v1/chat/completions", PerceptronBody("hi"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        using var other = new HttpClient { BaseAddress = Server.BaseAddress };
        other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "someone-else");
        using var refused = await other.PostAsync("/v1/chat/completions", new StringContent(PerceptronBody("hi").ToJsonString()), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.DoesNotContain("someone-else", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        using var noProject = await PostAsync("/api/v1/chat/completions", JamAIBody("hi"));
        Assert.Equal(HttpStatusCode.Unauthorized, noProject.StatusCode);
        using var withProject = await PostAsync("/api/v1/chat/completions", JamAIBody("hi"), ("X-PROJECT-ID", "proj_a"));
        Assert.Equal(HttpStatusCode.OK, withProject.StatusCode);
    }
}
