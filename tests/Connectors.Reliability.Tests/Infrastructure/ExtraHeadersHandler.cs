namespace Connectors.Reliability.Tests.Infrastructure;

/// <summary>
/// Adds fixed headers to every request: the emulator's fault and delay headers, and a case id the test finds
/// the request by in the emulator's log (the body is not logged when a fault answers before reading it).
/// </summary>
internal sealed class ExtraHeadersHandler(IReadOnlyDictionary<string, string> headers) : DelegatingHandler(new SocketsHttpHandler())
{
    public const string CaseHeader = "x-reliability-case";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
