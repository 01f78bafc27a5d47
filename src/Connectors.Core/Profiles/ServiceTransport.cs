namespace Connectors.Core.Profiles;

/// <summary>How a service is reached: address, credentials, headers, limits, deadlines and resilience.</summary>
internal sealed class ServiceTransport
{
    /// <summary>The service base address, such as <c>https://api.perceptron.inc/v1</c>.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>The chat route relative to <see cref="Endpoint"/>.</summary>
    public string ChatPath { get; init; } = "chat/completions";

    /// <summary>The bearer token sent in <c>Authorization</c>; also removed from every error text.</summary>
    public string? BearerToken { get; init; }

    /// <summary>Further headers sent on every request (project and user ids).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>A header that carries a fresh id per call (JamAI's <c>X-REQUEST-ID</c>); the id is stamped on the reply.</summary>
    public string? RequestIdHeader { get; init; }

    /// <summary>Whether streamed requests ask for usage with <c>stream_options.include_usage</c>.</summary>
    public bool StreamUsage { get; init; } = true;

    /// <summary>
    /// Whether a streamed request that carries tools is streamed. When false it is sent unstreamed and the reply
    /// replayed as updates: for servers whose streams break on tool-call fragments (JamAI's).
    /// </summary>
    public bool StreamsToolCalls { get; init; } = true;

    /// <summary>
    /// Whether a chunk id that changes mid-stream means the server restarted the answer (JamAI retries a
    /// provider inside one stream): the stream then ends with a retryable error rather than doubled text.
    /// </summary>
    public bool NewChunkIdRestartsAnswer { get; init; }

    /// <summary>The largest request body the service accepts, checked before sending; null for no limit.</summary>
    public long? MaxRequestBytes { get; init; }

    /// <summary>How long a whole call may take (streamed or not, retries included) before it fails with a timeout.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>How long a stream may stay silent before it fails with a timeout.</summary>
    public TimeSpan StreamIdleTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>The clock of the deadlines, the idle timer and the retry waits (a fake one in tests).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Retries and client-side rate limiting.</summary>
    public ChatResilienceOptions Resilience { get; init; } = new();

    /// <summary>Removes the credential from text that may reach an exception or a log.</summary>
    public string Redact(string text) =>
        string.IsNullOrEmpty(BearerToken) ? text : text.Replace(BearerToken, "***", StringComparison.Ordinal);
}
