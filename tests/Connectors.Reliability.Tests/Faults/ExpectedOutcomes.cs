using Connectors.Core;
using Connectors.Emulator.Faults;

namespace Connectors.Reliability.Tests.Faults;

/// <summary>
/// The outcome every fault must have, the same in both dialects. Retries happen only before any output, so a
/// stream that began is never repeated; slow faults are checked against the short timeouts the matrix sets.
/// </summary>
internal static class ExpectedOutcomes
{
    /// <summary>Retries after the first attempt in the matrix (<c>ChatResilienceOptions.MaxRetries</c>).</summary>
    public const int MaxRetries = 3;

    private const int AllAttempts = MaxRetries + 1;

    /// <summary>The modes each fault runs in.</summary>
    public static IEnumerable<FaultMode> ModesOf(string fault) =>
        fault is EmulatorFaults.SlowFirstByte or EmulatorFaults.SlowDrip
            ? [FaultMode.WithinTimeout, FaultMode.BeyondTimeout]
            : [FaultMode.Once, FaultMode.Always];

    public static ExpectedOutcome For(string fault, FaultMode mode, bool streaming)
    {
        var once = mode == FaultMode.Once;
        return fault switch
        {
            EmulatorFaults.RateLimit =>
                new(typeof(ChatRateLimitException), 1, "429 with Retry-After 30 s, beyond MaxRetryAfter and the time left: surfaced at once, not waited on"),
            EmulatorFaults.InsufficientQuota =>
                new(typeof(ChatQuotaExceededException), 1, "out of credits: never retried"),
            EmulatorFaults.Overloaded =>
                new(typeof(ChatServerException), 1, "503 with Retry-After 30 s, beyond MaxRetryAfter and the time left: surfaced at once, not waited on"),
            EmulatorFaults.ServerErrorNested => once
                ? new(null, 2, "500 before output: retried")
                : new(typeof(ChatServerException), AllAttempts, "500 every time: retries run out"),
            EmulatorFaults.TimeoutPlain => once
                ? new(null, 2, "504 text/plain before output: retried")
                : new(typeof(ChatServerException), AllAttempts, "504 every time: retries run out"),
            EmulatorFaults.MidstreamError => streaming
                ? new(typeof(ChatStreamException), 1, "error after text was yielded: never repeated")
                : once
                    ? new(null, 2, "non-streamed, the emulator answers 500: retried")
                    : new(typeof(ChatServerException), AllAttempts, "500 every time: retries run out"),
            EmulatorFaults.CutStream => streaming
                ? new(typeof(ChatStreamException), 1, "no [DONE] after yielded text: incomplete, never repeated")
                : new(typeof(ChatServiceException), 1, "200 with truncated JSON: typed error, not retried (headers were accepted)"),
            EmulatorFaults.DropConnection => streaming
                ? new(typeof(ChatStreamException), 1, "connection dropped after the first chunk: never repeated")
                : once
                    ? new(null, 2, "connection dropped before headers: retried")
                    : new(typeof(ChatServiceException), AllAttempts, "dropped every time: 'could not reach', retries run out"),
            EmulatorFaults.SlowFirstByte => mode == FaultMode.WithinTimeout
                ? new(null, 1, "first byte later but within the request timeout: answered")
                : new(typeof(ChatTimeoutException), 1, "no headers within the request timeout: timeout, not retried (it bounds the whole call)"),
            EmulatorFaults.SlowDrip => mode == FaultMode.WithinTimeout
                ? new(null, 1, "gaps shorter than the idle timeout: answered")
                : streaming
                    ? new(typeof(ChatTimeoutException), 1, "gap longer than the idle timeout (keep-alive comments are not data): timeout")
                    : new(null, 1, "non-streamed replies have no chunks to space out: answered"),
            _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, "A fault the matrix has no expectation for: add one."),
        };
    }
}
