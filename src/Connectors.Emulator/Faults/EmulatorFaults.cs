namespace Connectors.Emulator.Faults;

/// <summary>Fault names, usable in a rule's <c>fault</c> or the <see cref="FaultHeader"/> request header.</summary>
public static class EmulatorFaults
{
    /// <summary>Request header naming a fault to produce.</summary>
    public const string FaultHeader = "x-emulator-fault";

    /// <summary>Request header giving the delay in milliseconds for <see cref="SlowFirstByte"/> and <see cref="SlowDrip"/>.</summary>
    public const string DelayHeader = "x-emulator-delay-ms";

    /// <summary>429 rate limit with <c>Retry-After</c> (JamAI adds the <c>X-RateLimit-*</c> headers).</summary>
    public const string RateLimit = "rate_limit";

    /// <summary>Out of credits: Perceptron 429 <c>insufficient_quota</c>, JamAI 403 <c>insufficient_credits</c>; never retryable.</summary>
    public const string InsufficientQuota = "insufficient_quota";

    /// <summary>503 overloaded (Perceptron <c>model_overloaded</c>, JamAI <c>busy</c>) with <c>Retry-After</c>.</summary>
    public const string Overloaded = "overloaded";

    /// <summary>500; Perceptron nests the real error as JSON in <c>error.message</c> with <c>type: null</c>, JamAI answers <c>unexpected_error</c>.</summary>
    public const string ServerErrorNested = "server_error_nested";

    /// <summary>504 <c>text/plain</c> body <c>upstream request timeout</c>.</summary>
    public const string TimeoutPlain = "timeout_plain";

    /// <summary>Streams part of the answer, then an error event (Perceptron) or an <c>[ERROR]</c> chunk with finish <c>error</c> (JamAI).</summary>
    public const string MidstreamError = "midstream_error";

    /// <summary>Streams part of the answer and ends without <c>[DONE]</c> (non-streaming: a truncated JSON body).</summary>
    public const string CutStream = "cut_stream";

    /// <summary>Aborts the connection (streaming: after a first chunk).</summary>
    public const string DropConnection = "drop_connection";

    /// <summary>Waits before the response starts, then answers normally.</summary>
    public const string SlowFirstByte = "slow_first_byte";

    /// <summary>Streams with long pauses (and keep-alive comments) between chunks.</summary>
    public const string SlowDrip = "slow_drip";

    /// <summary>
    /// JamAI only: the stream restarts the answer half-way with a new chunk <c>id</c>, as the current server does when it
    /// retries a provider inside one stream. Not in <see cref="All"/>, whose faults behave alike in both dialects.
    /// </summary>
    public const string RestartStream = "restart_stream";

    /// <summary>Every fault name.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        RateLimit, InsufficientQuota, Overloaded, ServerErrorNested, TimeoutPlain,
        MidstreamError, CutStream, DropConnection, SlowFirstByte, SlowDrip,
    ];

    /// <summary>Whether a name is a fault the emulator knows (<see cref="All"/> or a dialect's own).</summary>
    internal static bool IsKnown(string name) => All.Contains(name) || name == RestartStream;

    /// <summary>Faults that answer with an error status before any body.</summary>
    internal static bool IsImmediateError(string fault) =>
        fault is RateLimit or InsufficientQuota or Overloaded or ServerErrorNested or TimeoutPlain;
}
