using Connectors.Cli.Fleet;
using Connectors.Cli.Hosting;
using Connectors.Core;
using Connectors.Emulator;
using Connectors.JamAI;
using Connectors.Perceptron;

namespace Connectors.Cli.Services;

/// <summary>
/// Builds the Perceptron and JamAI clients a command needs, from the environment or an emulator started in
/// process, and stops that emulator when disposed.
/// </summary>
internal sealed class ServiceConnector : IAsyncDisposable
{
    /// <summary>The key sent to the in-process emulator, which accepts any non-empty token.</summary>
    private const string EmulatorKey = "emulator";

    private static readonly Uri JamAICloud = JamAIClientOptions.DefaultEndpoint;

    /// <summary>Perceptron's published limit, which a fleet shares when no <c>--rate</c> is given.</summary>
    private static readonly RateSetting PerceptronRate = new(300, TimeSpan.FromMinutes(1));

    private readonly ServiceSettings _settings;

    private ServiceConnector(ServiceSettings settings, EmulatorServer? emulator, bool perceptronOnEmulator, bool jamaiOnEmulator)
    {
        _settings = settings;
        Emulator = emulator;
        PerceptronOnEmulator = perceptronOnEmulator;
        JamAIOnEmulator = jamaiOnEmulator;
    }

    /// <summary>The in-process emulator, when one runs.</summary>
    public EmulatorServer? Emulator { get; }

    /// <summary>Whether Perceptron calls go to the emulator.</summary>
    public bool PerceptronOnEmulator { get; }

    /// <summary>Whether JamAI calls go to the emulator.</summary>
    public bool JamAIOnEmulator { get; }

    /// <summary>Decides where each service is and starts the emulator if any of them runs there.</summary>
    public static async Task<ServiceConnector> ConnectAsync(ServiceSettings settings, CancellationToken cancellationToken)
    {
        var (perceptron, jamai) = settings.Target switch
        {
            ServiceTarget.Emulator => (true, true),
            ServiceTarget.Auto => (!IsSet("PERCEPTRON_API_KEY"), !IsSet("JAMAI_TOKEN")),
            _ => (false, false),
        };
        var emulator = perceptron || jamai ? await EmulatorServer.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false) : null;
        return new ServiceConnector(settings, emulator, perceptron, jamai);
    }

    /// <summary>A Perceptron client for the chosen endpoint.</summary>
    /// <param name="fleet">Redis shared with other processes: the key's limit is counted there, and waited for.</param>
    /// <exception cref="CliException">The settings are incomplete, for example no key for the public API.</exception>
    public PerceptronChatClient CreatePerceptron(RedisFleet? fleet = null)
    {
        var options = PerceptronOptions();
        if (fleet is not null && (_settings.Rate ?? PerceptronRate) is { Permits: > 0 } rate)
        {
            options.Resilience.UseRateLimiter(fleet.Limiter(options.Endpoint, options.ApiKey, rate), waitForPermit: true);
        }

        return Configure(() => new PerceptronChatClient(options));
    }

    /// <summary>A Perceptron Files API client for the chosen endpoint.</summary>
    /// <exception cref="CliException">The settings are incomplete, for example no key for the public API.</exception>
    public PerceptronFileClient CreatePerceptronFiles()
    {
        var options = PerceptronOptions();
        return Configure(() => new PerceptronFileClient(options));
    }

    private PerceptronClientOptions PerceptronOptions()
    {
        var options = PerceptronOnEmulator
            ? new PerceptronClientOptions { Endpoint = Emulator!.PerceptronEndpoint, ApiKey = EmulatorKey }
            : Configure(PerceptronClientOptions.FromEnvironment);
        if (_settings.Endpoint is { } endpoint && !PerceptronOnEmulator)
        {
            options.Endpoint = endpoint;
        }

        if (_settings.Model is { } model)
        {
            options.DefaultModelId = model;
        }

        // Said here in the tool's words; the client's own check would name the option rather than the variable.
        if (string.IsNullOrWhiteSpace(options.ApiKey) && !options.Endpoint.IsLoopback)
        {
            throw new CliException(
                $"PERCEPTRON_API_KEY is not set for {options.Endpoint}: set it to your Perceptron API key, or add --emulator to try the local emulator.",
                ExitCodes.Configuration);
        }

        ApplyRetries(options.Resilience);
        return options;
    }

    /// <summary>A JamAI client for the chosen endpoint.</summary>
    /// <exception cref="CliException">The settings are incomplete, for example no token for JamAI Base cloud.</exception>
    public JamAIChatClient CreateJamAI()
    {
        var options = JamAIOptions();
        return Configure(() => new JamAIChatClient(options));
    }

    /// <summary>A Knowledge Table client for the JamAI Base these settings name (or the emulator's).</summary>
    /// <exception cref="CliException">The settings are incomplete.</exception>
    public JamAIKnowledgeClient CreateJamAIKnowledge()
    {
        var options = JamAIOptions();
        return Configure(() => new JamAIKnowledgeClient(options));
    }

    private JamAIClientOptions JamAIOptions()
    {
        var options = JamAIOnEmulator
            ? new JamAIClientOptions { Endpoint = Emulator!.JamAIEndpoint, Token = EmulatorKey }
            : Configure(JamAIClientOptions.FromEnvironment);
        if (_settings.Endpoint is { } endpoint && !JamAIOnEmulator)
        {
            options.Endpoint = endpoint;
        }

        if (_settings.Model is { } model)
        {
            options.DefaultModelId = model;
        }

        // A self-hosted gateway may run without authentication; the cloud never does.
        if (options.Token is null && options.Endpoint.Host == JamAICloud.Host)
        {
            throw new CliException(
                $"JAMAI_TOKEN is not set for {options.Endpoint}: set it (and JAMAI_PROJECT_ID) to your JamAI Base token, or add --emulator to try the local emulator.",
                ExitCodes.Configuration);
        }

        ApplyRetries(options.Resilience);
        return options;
    }

    /// <summary>Describes where a service is, for people.</summary>
    public string Describe(bool perceptron) =>
        (perceptron ? PerceptronOnEmulator : JamAIOnEmulator) ? $"emulator at {Emulator!.BaseAddress}" : "the real API";

    public ValueTask DisposeAsync() => Emulator?.DisposeAsync() ?? ValueTask.CompletedTask;

    private void ApplyRetries(ChatResilienceOptions resilience)
    {
        if (_settings.Retries is { } retries)
        {
            resilience.RetriesEnabled = retries > 0;
            resilience.MaxRetries = Math.Max(retries, 0);
        }

        if (_settings.Rate is { } rate)
        {
            resilience.RequestsPerWindow = rate.Permits > 0 ? rate.Permits : null;
            resilience.RateLimitWindow = rate.Window;
        }
    }

    /// <summary>Runs option building and turns the library's own "set this variable" messages into configuration errors.</summary>
    private static T Configure<T>(Func<T> build)
    {
        try
        {
            return build();
        }
        catch (ArgumentException e)
        {
            throw new CliException($"{ErrorReport.PlainMessage(e).TrimEnd('.')}. Fix it, or add --emulator to try the local emulator.", ExitCodes.Configuration, e);
        }
    }

    private static bool IsSet(string variable) => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(variable));
}
