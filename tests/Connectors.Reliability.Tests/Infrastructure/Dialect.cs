namespace Connectors.Reliability.Tests.Infrastructure;

/// <summary>Which client (and emulator dialect) a case runs against.</summary>
public enum Dialect
{
    Perceptron,
    JamAI,
}
