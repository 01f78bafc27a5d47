namespace Connectors.Reliability.Tests.Infrastructure;

/// <summary>
/// The fault matrix and the cancellation test measure short timeouts and latencies; a 200-stream burst running
/// beside them on a small machine would blur those, so the classes in this collection run alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "serial";
}
