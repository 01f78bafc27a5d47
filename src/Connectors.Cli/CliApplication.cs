using System.CommandLine;
using System.CommandLine.Invocation;
using Connectors.Cli.Commands;
using Connectors.Cli.Hosting;

namespace Connectors.Cli;

/// <summary>The <c>connectors</c> command line: parses the arguments and runs the command they name.</summary>
internal static class CliApplication
{
    /// <summary>Runs the tool.</summary>
    /// <param name="args">The arguments; none runs the demo.</param>
    /// <param name="console">Where to read and write.</param>
    /// <param name="handleCtrlC">Whether Ctrl+C/SIGTERM cancel the command (the real program); tests cancel with <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The exit code (see <see cref="ExitCodes"/>).</returns>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, bool handleCtrlC = false, CancellationToken cancellationToken = default)
    {
        var root = BuildRoot(console);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is ParseErrorAction)
        {
            var messages = UsageErrors.Describe(parse).ToList();
            foreach (var message in messages)
            {
                await console.Error.WriteLineAsync($"error: {message}").ConfigureAwait(false);
            }

            await console.Error.WriteLineAsync("Run 'connectors --help' (or 'connectors COMMAND --help') for usage.").ConfigureAwait(false);
            if (args.Contains("--json", StringComparer.Ordinal))
            {
                // As for every other failure with --json: a document on standard output as well.
                var document = new System.Text.Json.Nodes.JsonObject { ["error"] = string.Join(" ", messages), ["exitCode"] = ExitCodes.Usage };
                await console.Out.WriteLineAsync(document.ToJsonString()).ConfigureAwait(false);
            }

            return ExitCodes.Usage;
        }

        var invocation = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            EnableDefaultExceptionHandler = false,
        };
        if (!handleCtrlC)
        {
            invocation.ProcessTerminationTimeout = null;
        }

        return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
    }

    private static RootCommand BuildRoot(CliConsole console)
    {
        var json = new Option<bool>("--json") { Description = "Print machine-readable JSON instead of text.", Recursive = true };
        var verbose = new Option<bool>("--verbose") { Description = "Show details of failures, with stack traces.", Recursive = true };
        var runner = new CommandRunner(console, json, verbose);
        var root = new RootCommand(
            "Perceptron and JamAI Base from the command line. Without a command, runs the demo on an emulator started in process "
            + "(or on the real APIs when PERCEPTRON_API_KEY / JAMAI_TOKEN are set).")
        {
            json,
            verbose,
        };
        var demo = DemoCommand.Create(runner);
        root.Add(demo.Command);
        foreach (var command in VisionCommands.Create(runner).Concat(VideoCommands.Create(runner)))
        {
            root.Add(command);
        }

        root.Add(BatchCommand.Create(runner));
        root.Add(ExportCommand.Create(runner));
        root.Add(ChatCommand.Create(runner));
        root.Add(ModelsCommand.Create(runner));
        root.Add(FilesCommand.Create(runner));
        root.Add(KnowledgeCommand.Create(runner));
        root.Add(GroundingCommand.Create(runner));
        root.Add(EmulatorCommand.Create(runner));
        root.Add(McpCommand.Create(runner));
        runner.Handle(root, demo.RunWithDefaults);
        return root;
    }
}
