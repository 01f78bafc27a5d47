using System.Globalization;
using Connectors.Emulator;

// dotnet run --project src/Connectors.Emulator -- --port 5080 [--host 127.0.0.1] [--rules rules.json]
//     [--knowledge folder] [--log requests.jsonl] [--rate-limit 300] [--api-key KEY]... [--verbose]
var options = new EmulatorOptions { Port = 5080 };
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    switch (args[i])
    {
        case "--port": options.Port = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--host": options.Host = Next(); break;
        case "--rules": options.RulesFile = Next(); break;
        case "--knowledge": options.KnowledgeFolder = Next(); break;
        case "--log": options.RequestLogPath = Next(); break;
        case "--rate-limit": options.RateLimitPerMinute = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--api-key": options.ApiKeys.Add(Next()); break;
        case "--verbose": options.VerboseLogging = true; break;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'.");
            return 2;
    }
}

var server = await EmulatorServer.StartAsync(options).ConfigureAwait(false);
await using var serverLifetime = server.ConfigureAwait(false);
Console.WriteLine($"Emulator listening on {server.BaseAddress}");
Console.WriteLine($"  Perceptron: {server.PerceptronEndpoint}");
Console.WriteLine($"  JamAI:      {server.JamAIEndpoint}");
Console.WriteLine("Press Ctrl+C to stop.");
await server.WaitForShutdownAsync().ConfigureAwait(false);
return 0;
