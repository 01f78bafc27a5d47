using Connectors.Cli.Hosting;
using Spectre.Console.Testing;

namespace Connectors.Cli.Tests;

public sealed class ProgressTests
{
    private static CliConsole Terminal(TestConsole rich) => new(TextWriter.Null, TextWriter.Null, TextReader.Null, rich, isTerminal: true);

    [Fact]
    public async Task A_terminal_shows_the_status_while_the_work_runs()
    {
        using var rich = new TestConsole().Interactive();
        var context = new CommandContext(Terminal(rich), json: false, verbose: false, TestContext.Current.CancellationToken);

        var value = await context.WithProgressAsync("Counting the circles", () => Task.FromResult(42));

        Assert.Equal(42, value);
        Assert.Contains("Counting the circles", rich.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_never_shows_progress()
    {
        using var rich = new TestConsole().Interactive();
        var context = new CommandContext(Terminal(rich), json: true, verbose: false, TestContext.Current.CancellationToken);

        await context.WithProgressAsync("Counting the circles", () => Task.FromResult(1));

        Assert.DoesNotContain("Counting", rich.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grounding_parse_with_a_terminal_for_input_asks_for_a_file_instead_of_waiting()
    {
        var error = new StringWriter();
        var console = new CliConsole(new StringWriter(), error, TextReader.Null, new TestConsole(), isTerminal: true, isInputTerminal: true);

        var code = await CliApplication.RunAsync(["grounding", "parse"], console, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("pipe it in", error.ToString(), StringComparison.Ordinal);
    }
}
