using Connectors.Reliability.Tests.Infrastructure;

namespace Connectors.Reliability.Tests.Faults;

/// <summary>One cell of the fault matrix.</summary>
public sealed record FaultCase(int Number, Dialect Dialect, string Fault, FaultMode Mode, bool Streaming)
{
    /// <summary>A marker unique to the case: rules match it in the question, the log finds it in a header.</summary>
    public string Marker => $"case-{Number:000}";

    public string Question => $"{Marker} please answer in full";

    public string Answer => $"Complete answer for {Marker}: seven foxes ran over the hill.";

    public string Call => Streaming ? "stream" : "get";
}

/// <summary>What a case must end in: an answer after some attempts, or one exact exception type.</summary>
/// <param name="Error">The exact exception type, or null for the complete answer.</param>
/// <param name="Attempts">Requests the emulator must see.</param>
/// <param name="Why">The reason, printed in the table.</param>
public sealed record ExpectedOutcome(Type? Error, int Attempts, string Why)
{
    public string Describe() => Error is null ? (Attempts > 1 ? "retried, then answered" : "answered") : Error.Name;
}

/// <summary>What a case ended in.</summary>
public sealed record ActualOutcome(Type? Error, int Attempts, long ElapsedMs, int PartialChars, string Detail)
{
    public string Describe() => Error is null ? (Attempts > 1 ? "retried, then answered" : "answered") : Error.Name;
}
