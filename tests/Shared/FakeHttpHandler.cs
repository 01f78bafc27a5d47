using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Connectors.Tests;

/// <summary>An in-memory HTTP peer: records each request (with its body) and answers from a script.</summary>
internal sealed class FakeHttpHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, HttpResponseMessage>> _replies = new();

    public List<RecordedRequest> Requests { get; } = [];

    public FakeHttpHandler Reply(HttpStatusCode status, string body, string contentType = "application/json", params (string Name, string Value)[] headers)
    {
        _replies.Enqueue(_ =>
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, contentType) };
            foreach (var (name, value) in headers)
            {
                response.Headers.TryAddWithoutValidation(name, value);
            }

            return response;
        });
        return this;
    }

    public FakeHttpHandler ReplyJson(string body) => Reply(HttpStatusCode.OK, body);

    public FakeHttpHandler ReplySse(string body) => Reply(HttpStatusCode.OK, body, "text/event-stream");

    public FakeHttpHandler ReplyWith(Func<HttpRequestMessage, HttpResponseMessage> reply)
    {
        _replies.Enqueue(reply);
        return this;
    }

    public RecordedRequest LastRequest => Requests[^1];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add(new RecordedRequest(request.Method, request.RequestUri!, request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase), body));
        if (_replies.Count == 0)
        {
            throw new InvalidOperationException("The test sent more requests than it scripted replies for.");
        }

        return _replies.Dequeue()(request);
    }
}

internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, Dictionary<string, string> Headers, string? Body)
{
    public JsonObject Json => JsonNode.Parse(Body!)!.AsObject();
}
