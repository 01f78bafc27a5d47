using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using ModelContextProtocol.Client;

namespace Connectors.Mcp.Tests;

/// <summary>Starts <c>connectors mcp</c> as a real process, over stdio or Streamable HTTP, and connects the SDK's client.</summary>
internal sealed class McpServerProcess : IAsyncDisposable
{
    private readonly Process? _process;
    private readonly ConcurrentQueue<string> _errors;

    private McpServerProcess(McpClient client, Process? process, ConcurrentQueue<string> errors)
    {
        Client = client;
        _process = process;
        _errors = errors;
    }

    public McpClient Client { get; }

    /// <summary>What the server wrote to standard error.</summary>
    public string Errors => string.Join('\n', _errors);

    public static string CliAssembly { get; } = Path.GetFullPath(
        typeof(McpServerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CliAssembly").Value!);

    /// <summary>The way MCP hosts launch servers: the client starts the process and speaks over its stdin/stdout.</summary>
    public static async Task<McpServerProcess> StartStdioAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken, IDictionary<string, string?>? environment = null)
    {
        var errors = new ConcurrentQueue<string>();
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "connectors",
            Command = "dotnet",
            Arguments = [CliAssembly, "mcp", .. arguments],
            StandardErrorLines = errors.Enqueue,
            EnvironmentVariables = environment is null ? null : new Dictionary<string, string?>(environment),
        });
        var client = await McpClient.CreateAsync(transport, cancellationToken: cancellationToken);
        return new McpServerProcess(client, null, errors);
    }

    /// <summary>Starts <c>mcp --http --port 0</c>, waits for the line saying where it listens, and connects to it.</summary>
    public static async Task<McpServerProcess> StartHttpAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken, IDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[CliAssembly, "mcp", "--http", "--port", "0", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        var errors = new ConcurrentQueue<string>();
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                errors.Enqueue(e.Data);
            }
        };
        process.BeginErrorReadLine();
        try
        {
            Uri? endpoint = null;
            while (endpoint is null)
            {
                var line = await process.StandardOutput.ReadLineAsync(cancellationToken)
                    ?? throw new InvalidOperationException($"The server exited before listening: {string.Join('\n', errors)}");
                var at = line.IndexOf("http://", StringComparison.Ordinal);
                if (line.Contains("listening", StringComparison.Ordinal) && at >= 0)
                {
                    endpoint = new Uri(line[at..].Trim());
                }
            }

            var transport = new HttpClientTransport(new HttpClientTransportOptions { Endpoint = endpoint, TransportMode = HttpTransportMode.StreamableHttp });
            var client = await McpClient.CreateAsync(transport, cancellationToken: cancellationToken);
            return new McpServerProcess(client, process, errors);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }

            _process.Dispose();
        }
    }
}
