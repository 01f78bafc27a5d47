using System.Collections.Concurrent;

namespace Connectors.Conformance.Tests.Infrastructure;

/// <summary>Passes requests on to a real socket handler and keeps the exact bytes of every request body sent.</summary>
public sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly ConcurrentQueue<(Uri Uri, string Body)> _bodies = new();

    /// <summary>The request bodies sent to a path ending in <c>/chat/completions</c>, in order.</summary>
    public IReadOnlyList<string> ChatBodies => [.. _bodies.Where(b => b.Uri.AbsolutePath.EndsWith("/chat/completions", StringComparison.Ordinal)).Select(b => b.Body)];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null)
        {
            // Buffer the content so it can be read here and still be sent unchanged.
            await request.Content.LoadIntoBufferAsync(cancellationToken);
            _bodies.Enqueue((request.RequestUri!, await request.Content.ReadAsStringAsync(cancellationToken)));
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
