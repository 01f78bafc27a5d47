using System.CommandLine;
using Connectors.Cli.Services;

namespace Connectors.Cli.Hosting;

/// <summary>The options every command that calls a service shares: where it is, which model, how often to retry.</summary>
internal sealed class ServiceOptions
{
    private readonly Option<bool> _emulator = new("--emulator")
    {
        Description = "Run against an emulator started inside the tool instead of the real API (no key needed).",
    };

    private readonly Option<string?> _endpoint = new("--endpoint")
    {
        Description = "Base URL of the API, overriding PERCEPTRON_BASE_URL / JAMAI_API_BASE (e.g. http://127.0.0.1:5080/v1).",
        HelpName = "url",
    };

    private readonly Option<string?> _model = new("--model")
    {
        Description = "Model id, overriding PERCEPTRON_MODEL (Perceptron) or the gateway's choice (JamAI).",
        HelpName = "id",
    };

    private readonly Option<int?> _retries = new("--retries")
    {
        Description = "Retries after a failed attempt (default 3; 0 fails at once).",
        HelpName = "n",
    };

    /// <summary>Adds the options to a command.</summary>
    public Command AddTo(Command command)
    {
        command.Add(_emulator);
        command.Add(_endpoint);
        command.Add(_model);
        command.Add(_retries);
        return command;
    }

    /// <summary>Reads the options of a parsed command line.</summary>
    /// <exception cref="CliException">A value is malformed.</exception>
    public ServiceSettings Read(ParseResult parse, ServiceTarget defaultTarget = ServiceTarget.Environment)
    {
        Uri? endpoint = null;
        if (parse.GetValue(_endpoint) is { } text)
        {
            endpoint = Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? uri
                : throw new CliException($"--endpoint must be an absolute http(s) URL such as https://api.perceptron.inc/v1, not '{text}'.");
        }

        var retries = parse.GetValue(_retries);
        if (retries is < 0 or > 10)
        {
            throw new CliException($"--retries must be between 0 and 10, not {retries}.");
        }

        if (parse.GetValue(_emulator) && endpoint is not null)
        {
            throw new CliException("--emulator and --endpoint exclude each other: drop one of them.");
        }

        return new ServiceSettings
        {
            Target = parse.GetValue(_emulator) ? ServiceTarget.Emulator : defaultTarget,
            Endpoint = endpoint,
            Model = parse.GetValue(_model),
            Retries = retries,
        };
    }
}
