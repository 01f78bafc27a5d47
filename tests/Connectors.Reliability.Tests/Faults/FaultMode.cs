namespace Connectors.Reliability.Tests.Faults;

/// <summary>How a fault is applied in one matrix case.</summary>
public enum FaultMode
{
    /// <summary>A rule with <c>times: 1</c>: the first attempt fails, a retry (if any) gets the real answer.</summary>
    Once,

    /// <summary>The fault header on every attempt: retries run out.</summary>
    Always,

    /// <summary>A slow fault whose delay is shorter than the client's timeout.</summary>
    WithinTimeout,

    /// <summary>A slow fault whose delay is longer than the client's timeout.</summary>
    BeyondTimeout,
}
