using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Connectors.Mcp.Tests;

/// <summary>On stdio, standard output carries the protocol and nothing else; help and usage errors are plain CLI output.</summary>
public sealed class StdioHygieneTests
{
    private static Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(McpServerProcess.CliAssembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No keys: the server warns about both services, and the warnings must go to standard error.
        start.Environment["PERCEPTRON_API_KEY"] = "";
        start.Environment["JAMAI_TOKEN"] = "";
        start.Environment["PERCEPTRON_BASE_URL"] = "https://api.perceptron.inc/v1";
        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
    }

    private static CancellationTokenSource Deadline()
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        source.CancelAfter(TimeSpan.FromMinutes(1));
        return source;
    }

    [Fact]
    public async Task Every_line_on_standard_output_is_a_json_rpc_message_and_warnings_go_to_standard_error()
    {
        using var deadline = Deadline();
        using var process = Start("mcp");
        try
        {
            await process.StandardInput.WriteLineAsync(
                """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""");
            await process.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
            await process.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","id":2,"method":"tools/list"}""");
            await process.StandardInput.FlushAsync(deadline.Token);

            var lines = new List<string>();
            while (lines.Count < 2)
            {
                var line = await process.StandardOutput.ReadLineAsync(deadline.Token) ?? throw new InvalidOperationException("stdout closed early");
                lines.Add(line);
            }

            process.StandardInput.Close(); // end of input ends the server
            lines.AddRange((await process.StandardOutput.ReadToEndAsync(deadline.Token)).Split('\n', StringSplitOptions.RemoveEmptyEntries));
            await process.WaitForExitAsync(deadline.Token);
            var error = await process.StandardError.ReadToEndAsync(deadline.Token);

            Assert.All(lines, line => Assert.Equal("2.0", JsonNode.Parse(line)!["jsonrpc"]!.GetValue<string>()));
            Assert.Equal(10, JsonNode.Parse(lines[1])!["result"]!["tools"]!.AsArray().Count);
            Assert.Contains("PERCEPTRON_API_KEY", error, StringComparison.Ordinal);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task The_help_lists_the_mcp_command_and_a_bad_port_is_a_usage_error()
    {
        using var deadline = Deadline();
        using (var help = Start("--help"))
        {
            var text = await help.StandardOutput.ReadToEndAsync(deadline.Token);
            await help.WaitForExitAsync(deadline.Token);
            Assert.Contains("mcp", text, StringComparison.Ordinal);
            Assert.Contains("MCP server", text, StringComparison.Ordinal);
        }

        using var bad = Start("mcp", "--http", "--port", "70000");
        var output = await bad.StandardOutput.ReadToEndAsync(deadline.Token);
        var error = await bad.StandardError.ReadToEndAsync(deadline.Token);
        await bad.WaitForExitAsync(deadline.Token);
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal("", output);
        Assert.Equal("error: --port must be between 0 and 65535, not 70000.", error.Trim());
    }
}
