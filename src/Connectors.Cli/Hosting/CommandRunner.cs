using System.CommandLine;

namespace Connectors.Cli.Hosting;

/// <summary>
/// Runs command actions with the global flags read, and turns every failure into one plain sentence on standard
/// error and an exit code (a stack trace only with <c>--verbose</c>).
/// </summary>
internal sealed class CommandRunner
{
    private readonly CliConsole _console;
    private readonly Option<bool> _json;
    private readonly Option<bool> _verbose;

    public CommandRunner(CliConsole console, Option<bool> json, Option<bool> verbose)
    {
        _console = console;
        _json = json;
        _verbose = verbose;
    }

    /// <summary>Sets <paramref name="handler"/> as the action of <paramref name="command"/>.</summary>
    public Command Handle(Command command, Func<CommandContext, ParseResult, Task<int>> handler)
    {
        command.SetAction((parse, cancellationToken) => RunAsync(parse, cancellationToken, handler));
        return command;
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken, Func<CommandContext, ParseResult, Task<int>> handler)
    {
        var context = new CommandContext(_console, parse.GetValue(_json), parse.GetValue(_verbose), cancellationToken);
        try
        {
            return await handler(context, parse).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await _console.Error.WriteLineAsync("Cancelled.").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
        catch (Exception e)
        {
            var (message, exitCode) = ErrorReport.Describe(e);
            await _console.Error.WriteLineAsync($"error: {message}").ConfigureAwait(false);
            if (context.Json)
            {
                // A script reading --json output gets a document on failure too, not just an empty stdout.
                Output.JsonOutput.Write(context, new System.Text.Json.Nodes.JsonObject { ["error"] = message, ["exitCode"] = exitCode });
            }

            if (context.Verbose)
            {
                await _console.Error.WriteLineAsync(e.ToString()).ConfigureAwait(false);
            }

            return exitCode;
        }
    }
}
