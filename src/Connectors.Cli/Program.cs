using Connectors.Cli;
using Connectors.Cli.Hosting;

// connectors [command] [options]; no command runs the demo. Exit codes: see ExitCodes and the README.
return await CliApplication.RunAsync(args, CliConsole.FromSystem(), handleCtrlC: true).ConfigureAwait(false);
