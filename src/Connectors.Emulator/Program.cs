using Connectors.Emulator.Hosting;

namespace Connectors.Emulator;

/// <summary>The emulator's command line entry point.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        // dotnet run --project src/Connectors.Emulator -- --port 5080 [--rules rules.json] [--knowledge folder]
        EmulatorOptions options;
        try
        {
            options = CommandLine.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(CommandLine.Usage);
            return 2;
        }

        var server = await EmulatorServer.StartAsync(options).ConfigureAwait(false);
        await using var serverLifetime = server.ConfigureAwait(false);
        Console.WriteLine($"Emulator listening on {server.BaseAddress}");
        Console.WriteLine($"  Perceptron: {server.PerceptronEndpoint}");
        Console.WriteLine($"  JamAI:      {server.JamAIEndpoint}");
        Console.WriteLine("Press Ctrl+C to stop.");
        await server.WaitForShutdownAsync().ConfigureAwait(false);
        return 0;
    }
}
