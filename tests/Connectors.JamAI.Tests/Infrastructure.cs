using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connectors.JamAI.Tests;

/// <summary>A recorded request: method, address, headers and body.</summary>
internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, Dictionary<string, string> Headers, string Body)
{
    public JsonNode Json => JsonNode.Parse(Body)!;

    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;
}

/// <summary>An in-memory gateway: answers requests from a script, in order, and records what it was sent.</summary>
internal sealed class ScriptedHandler : HttpMessageHandler
{
    private readonly Queue<Func<RecordedRequest, HttpResponseMessage>> _script = new();

    public List<RecordedRequest> Requests { get; } = [];

    /// <summary>Whether the fake echoes X-REQUEST-ID as x-request-id, as the gateway does.</summary>
    public bool EchoRequestId { get; set; } = true;

    public ScriptedHandler Reply(Func<RecordedRequest, HttpResponseMessage> reply)
    {
        _script.Enqueue(reply);
        return this;
    }

    public ScriptedHandler Json(string json, HttpStatusCode status = HttpStatusCode.OK, Action<HttpResponseMessage>? configure = null) => Reply(_ =>
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        configure?.Invoke(response);
        return response;
    });

    public ScriptedHandler Sse(string body) => Reply(_ => new HttpResponseMessage(HttpStatusCode.OK)
    {
        Content = new StringContent(body, Encoding.UTF8, "text/event-stream"),
    });

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        var headers = request.Headers.ToDictionary(static h => h.Key.ToLowerInvariant(), static h => string.Join(",", h.Value));
        var recorded = new RecordedRequest(request.Method, request.RequestUri!, headers, body);
        Requests.Add(recorded);
        if (_script.Count == 0)
        {
            throw new InvalidOperationException($"The script has no reply for request {Requests.Count}.");
        }

        var response = _script.Dequeue()(recorded);
        if (EchoRequestId && recorded.Header("X-REQUEST-ID") is { } id)
        {
            response.Headers.TryAddWithoutValidation("x-request-id", id);
        }

        response.RequestMessage = request;
        return response;
    }
}

internal static class TestData
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", name));
}

internal static class JsonAssert
{
    /// <summary>Structural equality: property order and whitespace do not matter, values and types do.</summary>
    public static void Equal(string expected, JsonNode actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        if (!JsonNode.DeepEquals(expectedNode, actual))
        {
            var options = new JsonSerializerOptions { WriteIndented = true };
            Assert.Fail($"JSON differs.\nExpected:\n{expectedNode!.ToJsonString(options)}\nActual:\n{actual.ToJsonString(options)}");
        }
    }

    /// <summary>
    /// No <c>null</c> and no empty array anywhere. The one allowed empty array is a function's
    /// <c>parameters.required</c>, which the gateway insists on even when no parameter is required.
    /// </summary>
    public static void NoNullOrEmptyArray(JsonNode? node, string path = "$")
    {
        switch (node)
        {
            case null:
                Assert.Fail($"null at {path}");
                break;
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    NoNullOrEmptyArray(value, $"{path}.{name}");
                }

                break;
            case JsonArray array:
                if (array.Count == 0 && !path.EndsWith(".parameters.required", StringComparison.Ordinal))
                {
                    Assert.Fail($"empty array at {path}");
                }

                for (var i = 0; i < array.Count; i++)
                {
                    NoNullOrEmptyArray(array[i], $"{path}[{i}]");
                }

                break;
        }
    }
}

internal static class Clients
{
    public const string Token = "jamai_pat_SECRET123";

    public static JamAIChatClient Create(ScriptedHandler handler, Action<JamAIClientOptions>? configure = null)
    {
        var options = new JamAIClientOptions
        {
            Endpoint = new Uri("http://127.0.0.1:6969/api"),
            Token = Token,
            ProjectId = "proj_test",
            DefaultModelId = "openai/gpt-4o-mini",
            Resilience = new() { RetriesEnabled = false }, // error tests want the first failure
        };
        configure?.Invoke(options);
        return new JamAIChatClient(options, new HttpClient(handler));
    }
}
