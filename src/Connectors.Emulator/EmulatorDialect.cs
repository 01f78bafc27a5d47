namespace Connectors.Emulator;

/// <summary>The wire dialect a request arrived in.</summary>
public enum EmulatorDialect
{
    /// <summary>Perceptron chat completions under <c>/v1</c>.</summary>
    Perceptron,

    /// <summary>JamAI Base chat completions under <c>/api</c>.</summary>
    JamAI,
}
