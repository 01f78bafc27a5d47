using System.Text.Json.Nodes;
using Connectors.Cli;
using Connectors.Cli.Hosting;

namespace Connectors.Cli.Tests.Infrastructure;

/// <summary>What one run of the tool printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Error)
{
    public JsonNode Json() => JsonNode.Parse(Out) ?? throw new InvalidOperationException("The output is JSON null.");

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}

/// <summary>Runs the tool in process, the way the program does, with captured output.</summary>
internal static class Tool
{
    public static async Task<CliResult> RunAsync(string[] args, string? input = null, CancellationToken cancellationToken = default, int width = 160)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = CliConsole.Plain(output, error, input is null ? null : new StringReader(input), width);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2)); // a guard against hangs, not a performance check
        var code = await CliApplication.RunAsync(args, console, handleCtrlC: false, timeout.Token);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(args, null);
}
