using Connectors.Core;

namespace Connectors.Reliability.Tests.Infrastructure;

/// <summary>What a test client is built with: key, timeouts, resilience and extra headers.</summary>
internal sealed record ClientSettings
{
    public string ApiKey { get; init; } = "reliability-test-key";

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Perceptron only; JamAI's idle timeout is its request timeout when that is shorter than 120 s.</summary>
    public TimeSpan StreamIdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public ChatResilienceOptions? Resilience { get; init; }

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}
