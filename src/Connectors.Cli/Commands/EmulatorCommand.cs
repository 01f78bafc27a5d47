using System.CommandLine;
using Connectors.Cli.Hosting;
using Connectors.Emulator;

namespace Connectors.Cli.Commands;

/// <summary><c>emulator</c>: serves the Perceptron and JamAI emulator until Ctrl+C.</summary>
internal static class EmulatorCommand
{
    public static Command Create(CommandRunner runner)
    {
        var port = new Option<int>("--port") { Description = "TCP port (0 picks a free one).", DefaultValueFactory = _ => 5080 };
        var host = new Option<string>("--host") { Description = "Interface to bind.", DefaultValueFactory = _ => "127.0.0.1" };
        var rules = new Option<string?>("--rules") { Description = "A JSON rules file of scripted replies.", HelpName = "rules.json" };
        var knowledge = new Option<string?>("--knowledge") { Description = "A folder of .txt/.md documents served as Knowledge Tables.", HelpName = "folder" };
        var data = new Option<string?>("--data") { Description = "A folder for uploaded files (Perceptron's Files API), kept across runs; a temporary one by default.", HelpName = "folder" };
        var log = new Option<string?>("--log") { Description = "Append every request to this file as JSON lines.", HelpName = "requests.jsonl" };
        var rateLimit = new Option<int?>("--rate-limit") { Description = "Chat requests per key per minute (default 300).", HelpName = "n" };
        var apiKeys = new Option<string[]>("--api-key") { Description = "Accept only this bearer token (repeatable); any token by default.", HelpName = "key" };
        var command = new Command("emulator", "Serve the Perceptron and JamAI emulator on loopback until Ctrl+C.") { port, host, rules, knowledge, data, log, rateLimit, apiKeys };
        return runner.Handle(command, async (context, parse) =>
        {
            var options = new EmulatorOptions { Port = parse.GetValue(port), Host = parse.GetValue(host)! };
            if (options.Port is < 0 or > 65535)
            {
                throw new CliException($"--port must be between 0 and 65535, not {options.Port}.");
            }

            options.RulesFile = Existing(parse.GetValue(rules), "--rules", folder: false);
            options.KnowledgeFolder = Existing(parse.GetValue(knowledge), "--knowledge", folder: true);
            options.RequestLogPath = parse.GetValue(log);
            options.DataFolder = parse.GetValue(data);
            if (parse.GetValue(rateLimit) is { } limit)
            {
                options.RateLimitPerMinute = limit > 0 ? limit : throw new CliException("--rate-limit must be a positive number of requests per minute.");
            }

            foreach (var key in parse.GetValue(apiKeys) ?? [])
            {
                options.ApiKeys.Add(key);
            }

            options.VerboseLogging = context.Verbose;
            var server = await StartAsync(options, context.CancellationToken).ConfigureAwait(false);
            await using (server.ConfigureAwait(false))
            {
                var output = context.Console.Out;
                await output.WriteLineAsync($"Emulator listening on {server.BaseAddress}").ConfigureAwait(false);
                await output.WriteLineAsync($"  Perceptron: {server.PerceptronEndpoint}   (PERCEPTRON_BASE_URL)").ConfigureAwait(false);
                await output.WriteLineAsync($"  JamAI:      {server.JamAIEndpoint}   (JAMAI_API_BASE)").ConfigureAwait(false);
                await output.WriteLineAsync("Press Ctrl+C to stop.").ConfigureAwait(false);
                await output.FlushAsync(context.CancellationToken).ConfigureAwait(false);
                try
                {
                    await server.WaitForShutdownAsync(context.CancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C is how the emulator is meant to stop.
                }

                await output.WriteLineAsync("Emulator stopped.").ConfigureAwait(false);
                return ExitCodes.Success;
            }
        });
    }

    private static async Task<EmulatorServer> StartAsync(EmulatorOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return await EmulatorServer.StartAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new CliException($"Could not listen on {options.Host}:{options.Port}: {e.Message} Pick another --port (0 picks a free one).", ExitCodes.Usage, e);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new CliException($"The rules file '{options.RulesFile}' is not valid: {e.Message}", ExitCodes.Usage, e);
        }
    }

    private static string? Existing(string? path, string option, bool folder)
    {
        if (path is null)
        {
            return null;
        }

        var exists = folder ? Directory.Exists(path) : File.Exists(path);
        return exists ? path : throw new CliException($"{option}: no {(folder ? "folder" : "file")} at '{Path.GetFullPath(path)}'.");
    }
}
