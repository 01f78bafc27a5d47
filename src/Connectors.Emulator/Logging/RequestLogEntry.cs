namespace Connectors.Emulator.Logging;

/// <summary>One request the emulator received, with secrets redacted.</summary>
public sealed class RequestLogEntry
{
    /// <summary>Emulator-assigned id (also the JamAI request id / Perceptron trace id of the response).</summary>
    public required string Id { get; init; }

    /// <summary>When the request arrived.</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>HTTP method.</summary>
    public required string Method { get; init; }

    /// <summary>Path without the query.</summary>
    public required string Path { get; init; }

    /// <summary>Query string including <c>?</c>, or empty.</summary>
    public string Query { get; init; } = "";

    /// <summary>Request headers; Authorization and secret-looking values redacted.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Request body text with long data URLs truncated; null when none was read.</summary>
    public string? Body { get; internal set; }

    /// <summary>Response status code (set when the response completes).</summary>
    public int? StatusCode { get; internal set; }

    /// <summary>Fault produced, if any.</summary>
    public string? Fault { get; internal set; }

    /// <summary>Name of the rule that answered, if any.</summary>
    public string? Rule { get; internal set; }

    /// <summary>Whether the response was streamed (SSE).</summary>
    public bool Streamed { get; internal set; }

    /// <summary>True when the client closed the connection before the response was complete.</summary>
    public bool ClientAborted { get; internal set; }

    /// <summary>True once the emulator finished handling the request.</summary>
    public bool Completed { get; internal set; }
}
