using Connectors.Emulator.Chat;

namespace Connectors.Emulator.Hosting;

/// <summary>The fault (if any) one response must show, and its pacing.</summary>
internal sealed record FaultPlan(string? Fault, int FirstByteDelayMs, int ChunkDelayMs)
{
    public static FaultPlan For(HttpContext context, Reply reply, EmulatorOptions options)
    {
        // The request header wins over a rule: a test can force a fault on any scripted reply.
        var fault = HttpHelpers.HeaderFault(context.Request) ?? reply.Fault;
        var delay = HttpHelpers.HeaderDelayMs(context.Request);
        var firstByte = fault == Faults.EmulatorFaults.SlowFirstByte ? delay ?? (int)options.DefaultSlowFirstByteDelay.TotalMilliseconds : 0;
        var chunk = fault == Faults.EmulatorFaults.SlowDrip ? delay ?? (int)options.DefaultSlowDripDelay.TotalMilliseconds : reply.DelayMs;
        return new FaultPlan(fault, firstByte, chunk);
    }
}
