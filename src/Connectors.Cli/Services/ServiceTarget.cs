namespace Connectors.Cli.Services;

/// <summary>Which services a command talks to.</summary>
internal enum ServiceTarget
{
    /// <summary>The endpoints and keys in the environment (PERCEPTRON_*, JAMAI_*), with any command-line overrides.</summary>
    Environment,

    /// <summary>An emulator started inside the process.</summary>
    Emulator,

    /// <summary>Each service from the environment when its key is set, otherwise the emulator (the demo).</summary>
    Auto,
}
