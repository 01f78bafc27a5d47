using System.CommandLine;
using Connectors.Cli.Demo;
using Connectors.Cli.Hosting;
using Connectors.Cli.Services;

namespace Connectors.Cli.Commands;

/// <summary><c>demo</c> (also what runs without a command): the whole library at work on a generated scene.</summary>
internal sealed class DemoCommand
{
    private DemoCommand(Command command) => Command = command;

    public Command Command { get; }

    public static DemoCommand Create(CommandRunner runner)
    {
        var output = new Option<string?>("--out", "-o") { Description = $"Folder for the scene and annotated images (default {DemoSettings.DefaultOutputFolder}).", HelpName = "folder" };
        var emulator = new Option<bool>("--emulator") { Description = "Use the emulator even when PERCEPTRON_API_KEY / JAMAI_TOKEN are set." };
        var seed = new Option<int>("--seed") { Description = "Seed of the generated scene.", DefaultValueFactory = _ => 7 };
        var table = new Option<string?>("--table") { Description = "On the real JamAI Base: the Knowledge Table to ask (the emulator brings its own).", HelpName = "table-id" };
        var command = new Command("demo", "Run the demo: detection, counting, points, polygons, streaming with reasoning, an agent round and a cited answer.")
        {
            output, emulator, seed, table,
        };
        runner.Handle(command, (context, parse) => new DemoRunner(context, new DemoSettings
        {
            OutputFolder = parse.GetValue(output) ?? DemoSettings.DefaultOutputFolder,
            Target = parse.GetValue(emulator) ? ServiceTarget.Emulator : ServiceTarget.Auto,
            Seed = parse.GetValue(seed),
            KnowledgeTable = parse.GetValue(table),
        }).RunAsync());
        return new DemoCommand(command);
    }

    /// <summary>The root command's action: the demo with its defaults.</summary>
    public Task<int> RunWithDefaults(CommandContext context, ParseResult parse) => new DemoRunner(context, new DemoSettings()).RunAsync();
}
