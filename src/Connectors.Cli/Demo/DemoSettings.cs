using Connectors.Cli.Services;

namespace Connectors.Cli.Demo;

/// <summary>How the demo runs.</summary>
internal sealed record DemoSettings
{
    /// <summary>The default folder for the annotated images: the temp folder, so a run from the repository leaves it clean.</summary>
    public static string DefaultOutputFolder => Path.Combine(Path.GetTempPath(), "connectors-demo");

    /// <summary><see cref="ServiceTarget.Auto"/> (each service real when its key is set) or <see cref="ServiceTarget.Emulator"/>.</summary>
    public ServiceTarget Target { get; init; } = ServiceTarget.Auto;

    /// <summary>Where the images go.</summary>
    public string OutputFolder { get; init; } = DefaultOutputFolder;

    /// <summary>Seed of the generated scene.</summary>
    public int Seed { get; init; } = 7;

    /// <summary>The Knowledge Table to ask on a real JamAI project (the emulator gets its own).</summary>
    public string? KnowledgeTable { get; init; }
}
