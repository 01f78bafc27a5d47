using System.Globalization;

namespace Connectors.Emulator.Hosting;

/// <summary>Reads the program's arguments into <see cref="EmulatorOptions"/>.</summary>
internal static class CommandLine
{
    public const string Usage = "usage: Connectors.Emulator [--port 5080] [--host 127.0.0.1] [--rules rules.json] [--knowledge folder] [--log requests.jsonl] [--data folder] [--rate-limit 300] [--rate-limit-window 60] [--api-key KEY]... [--verbose]";

    /// <exception cref="ArgumentException">An unknown argument or a missing or malformed value.</exception>
    public static EmulatorOptions Parse(IReadOnlyList<string> args)
    {
        var options = new EmulatorOptions { Port = 5080 };
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            int Number() => int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : throw new ArgumentException($"{name} needs a non-negative integer.");
            switch (name)
            {
                case "--port": options.Port = Number(); break;
                case "--host": options.Host = Value(); break;
                case "--rules": options.RulesFile = Value(); break;
                case "--knowledge": options.KnowledgeFolder = Value(); break;
                case "--log": options.RequestLogPath = Value(); break;
                case "--data": options.DataFolder = Value(); break;
                case "--rate-limit": options.RateLimitPerMinute = Number(); break;
                case "--rate-limit-window": options.RateLimitWindow = Number() is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : throw new ArgumentException($"{name} needs a positive number of seconds."); break;
                case "--api-key": options.ApiKeys.Add(Value()); break;
                case "--verbose": options.VerboseLogging = true; break;
                default: throw new ArgumentException($"Unknown argument '{name}'.");
            }
        }

        return options;
    }
}
