namespace Connectors.Emulator.Logging;

/// <summary>One request the emulator received, with secrets redacted. Only the emulator records entries; users read them.</summary>
public sealed class RequestLogEntry
{
    internal RequestLogEntry(string id, string method, string path)
    {
        Id = id;
        Method = method;
        Path = path;
    }

    /// <summary>Emulator-assigned id (also the JamAI request id / Perceptron trace id of the response).</summary>
    public string Id { get; }

    /// <summary>When the request arrived.</summary>
    public DateTimeOffset Timestamp { get; internal init; }

    /// <summary>HTTP method.</summary>
    public string Method { get; }

    /// <summary>Path without the query.</summary>
    public string Path { get; }

    /// <summary>Query string including <c>?</c>, or empty.</summary>
    public string Query { get; internal init; } = "";

    /// <summary>Request headers; Authorization and secret-looking values redacted.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; internal init; } = new Dictionary<string, string>();

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
