using Spectre.Console;

namespace Connectors.Cli.Hosting;

/// <summary>What a running command has at hand: the console, the global flags and the cancellation of Ctrl+C.</summary>
internal sealed class CommandContext
{
    public CommandContext(CliConsole console, bool json, bool verbose, CancellationToken cancellationToken)
    {
        Console = console;
        Json = json;
        Verbose = verbose;
        CancellationToken = cancellationToken;
    }

    public CliConsole Console { get; }

    /// <summary>Machine-readable output requested (<c>--json</c>).</summary>
    public bool Json { get; }

    /// <summary>Details and stack traces requested (<c>--verbose</c>).</summary>
    public bool Verbose { get; }

    /// <summary>Cancelled by Ctrl+C.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>
    /// Runs slow work under a spinner when a person is watching (a terminal, not <c>--json</c>); otherwise runs it plainly.
    /// </summary>
    public async Task<T> WithProgressAsync<T>(string status, Func<Task<T>> work)
    {
        if (Json || !Console.IsTerminal)
        {
            return await work().ConfigureAwait(false);
        }

        return await Console.Rich.Status().Spinner(Spinner.Known.Dots).StartAsync(status, _ => work()).ConfigureAwait(false);
    }
}
