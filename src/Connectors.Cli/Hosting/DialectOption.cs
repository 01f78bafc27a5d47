using System.CommandLine;

namespace Connectors.Cli.Hosting;

/// <summary>The <c>--dialect perceptron|jamai</c> option of <c>chat</c> and <c>models</c>.</summary>
internal static class DialectOption
{
    public const string Perceptron = "perceptron";

    public const string JamAI = "jamai";

    public static Option<string> Create()
    {
        var option = new Option<string>("--dialect", "-d")
        {
            Description = "Which service: perceptron (vision models) or jamai (JamAI Base gateway).",
            DefaultValueFactory = _ => Perceptron,
        };
        option.AcceptOnlyFromAmong(Perceptron, JamAI);
        return option;
    }

    public static bool IsJamAI(string? value) => string.Equals(value, JamAI, StringComparison.OrdinalIgnoreCase);
}
