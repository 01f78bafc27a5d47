using Spectre.Console;

namespace Connectors.Cli.Hosting;

/// <summary>
/// Where the tool reads and writes: standard streams for the real program, captured writers in tests. Rich output
/// (tables, colours, progress) goes through <see cref="Rich"/>; JSON and plain lines go to <see cref="Out"/> directly,
/// so nothing ever wraps or colours machine-readable output.
/// </summary>
internal sealed class CliConsole
{
    public CliConsole(TextWriter output, TextWriter error, TextReader input, IAnsiConsole rich, bool isTerminal, bool isInputTerminal = false)
    {
        Out = output;
        Error = error;
        In = input;
        Rich = rich;
        IsTerminal = isTerminal;
        IsInputTerminal = isInputTerminal;
    }

    /// <summary>Standard output for plain text and JSON.</summary>
    public TextWriter Out { get; }

    /// <summary>Standard error: error messages and diagnostics.</summary>
    public TextWriter Error { get; }

    /// <summary>Standard input (interactive chat, <c>grounding parse</c> without a file).</summary>
    public TextReader In { get; }

    /// <summary>Spectre console over <see cref="Out"/>.</summary>
    public IAnsiConsole Rich { get; }

    /// <summary>Whether standard output is a terminal (progress spinners only then).</summary>
    public bool IsTerminal { get; }

    /// <summary>Whether standard input is a terminal rather than a pipe or file (nothing to read unless someone types).</summary>
    public bool IsInputTerminal { get; }

    /// <summary>The process's own console.</summary>
    public static CliConsole FromSystem()
    {
        var isTerminal = !Console.IsOutputRedirected;
        var rich = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Out),
            Interactive = isTerminal ? InteractionSupport.Yes : InteractionSupport.No,
        });
        return new CliConsole(Console.Out, Console.Error, Console.In, rich, isTerminal, !Console.IsInputRedirected);
    }

    /// <summary>A console writing to the given writers without colours or interaction (tests, pipes), <paramref name="width"/> columns wide.</summary>
    public static CliConsole Plain(TextWriter output, TextWriter error, TextReader? input = null, int width = 160)
    {
        var rich = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        rich.Profile.Width = width;
        return new CliConsole(output, error, input ?? TextReader.Null, rich, isTerminal: false);
    }
}
