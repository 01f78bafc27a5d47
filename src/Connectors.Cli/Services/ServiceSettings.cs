using Connectors.Cli.Fleet;

namespace Connectors.Cli.Services;

/// <summary>What the command line says about reaching the services.</summary>
internal sealed record ServiceSettings
{
    /// <summary>Where the services are.</summary>
    public ServiceTarget Target { get; init; } = ServiceTarget.Environment;

    /// <summary>Overrides the base URL from the environment (<c>PERCEPTRON_BASE_URL</c> or <c>JAMAI_API_BASE</c>).</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>Overrides the model (<c>PERCEPTRON_MODEL</c>, or JamAI's gateway choice).</summary>
    public string? Model { get; init; }

    /// <summary>Overrides how often a failed request is retried; null keeps the library's default.</summary>
    public int? Retries { get; init; }

    /// <summary>Overrides the client-side limit (no permits for none); null keeps the library's default.</summary>
    public RateSetting? Rate { get; init; }
}
