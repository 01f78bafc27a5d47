using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connectors.Emulator.Tests;

/// <summary>Starts an emulator per test class instance and gives HTTP helpers for both dialects.</summary>
public abstract class EmulatorTestBase : IAsyncLifetime
{
    protected EmulatorServer Server { get; private set; } = null!;

    protected HttpClient Http { get; private set; } = null!;

    protected virtual EmulatorOptions CreateOptions() => new();

    public async ValueTask InitializeAsync()
    {
        Server = await EmulatorServer.StartAsync(CreateOptions(), TestContext.Current.CancellationToken);
        Http = new HttpClient { BaseAddress = Server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "test-key");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected Task<HttpResponseMessage> PostAsync(string path, JsonNode body, params (string Name, string Value)[] headers) =>
        PostRawAsync(path, body.ToJsonString(), headers);

    protected async Task<HttpResponseMessage> PostRawAsync(string path, string body, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
    }

    protected static async Task<JsonNode> JsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;

    /// <summary>Reads every SSE data payload (comments are skipped by the parser).</summary>
    protected static async Task<List<string>> EventsAsync(HttpResponseMessage response)
    {
        var events = new List<string>();
        await using var stream = await response.Content.ReadAsStreamAsync(Ct);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(Ct))
        {
            events.Add(item.Data);
        }

        return events;
    }

    protected static JsonObject PerceptronBody(string text, string model = "perceptron-mk1.5", bool stream = false) => new()
    {
        ["model"] = model,
        ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = text }),
        ["stream"] = stream,
    };

    protected static JsonObject JamAIBody(string text, string model = "openai/gpt-4o-mini", bool stream = false) => new()
    {
        ["model"] = model,
        ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = text }),
        ["stream"] = stream,
    };

    protected static JsonObject ImageMessage(string dataUrl, string? text)
    {
        var parts = new JsonArray(new JsonObject { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = dataUrl } });
        if (text is not null)
        {
            parts.Add(new JsonObject { ["type"] = "text", ["text"] = text });
        }

        return new JsonObject { ["role"] = "user", ["content"] = parts };
    }

    protected static JsonNode Parse(string json) => JsonNode.Parse(json)!;

    protected static string Compact(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);
}
