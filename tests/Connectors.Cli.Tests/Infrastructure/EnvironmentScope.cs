namespace Connectors.Cli.Tests.Infrastructure;

/// <summary>Sets (or clears) environment variables for one test and restores them after. Use only in <see cref="EnvironmentCollection"/>.</summary>
internal sealed class EnvironmentScope : IDisposable
{
    public static readonly string[] ServiceVariables =
        ["PERCEPTRON_API_KEY", "PERCEPTRON_BASE_URL", "PERCEPTRON_MODEL", "JAMAI_TOKEN", "JAMAI_PROJECT_ID", "JAMAI_API_BASE", "JAMAI_TIMEOUT_SEC"];

    private readonly Dictionary<string, string?> _saved = [];

    /// <summary>Clears every service variable, then sets the given ones.</summary>
    public EnvironmentScope(params (string Name, string? Value)[] set)
    {
        foreach (var name in ServiceVariables.Concat(set.Select(s => s.Name)).Distinct())
        {
            _saved[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, null);
        }

        foreach (var (name, value) in set)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    public void Dispose()
    {
        foreach (var (name, value) in _saved)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}

/// <summary>Tests that change process environment variables run alone, after the parallel ones.</summary>
[CollectionDefinition(nameof(EnvironmentCollection), DisableParallelization = true)]
public sealed class EnvironmentCollection;
