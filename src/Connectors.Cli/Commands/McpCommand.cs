using System.CommandLine;
using System.Net;
using Connectors.Cli.Hosting;
using Connectors.Cli.Mcp;
using Connectors.Cli.Services;
using Connectors.SemanticKernel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Connectors.Cli.Commands;

/// <summary><c>mcp</c>: the vision functions and JamAI answers as a Model Context Protocol server, on stdio or Streamable HTTP.</summary>
internal static class McpCommand
{
    /// <summary>The path the Streamable HTTP endpoint is served at.</summary>
    public const string HttpPath = "/mcp";

    public static Command Create(CommandRunner runner)
    {
        var http = new Option<bool>("--http") { Description = "Serve Streamable HTTP instead of stdio (stdio is how MCP hosts launch servers)." };
        var port = new Option<int>("--port") { Description = "With --http: the port to listen on (0 picks a free one, printed at start).", DefaultValueFactory = _ => 5090, HelpName = "n" };
        var host = new Option<string>("--host") { Description = "With --http: the address to listen on (loopback unless you mean to share it).", DefaultValueFactory = _ => "127.0.0.1", HelpName = "address" };
        var roots = new Option<string[]>("--allow-root")
        {
            Description = "A folder whose images the tools may read by path; repeat for more (without it, paths are refused: send base64).",
            HelpName = "folder",
            AllowMultipleArgumentsPerToken = false,
        };
        var downloads = new Option<bool>("--allow-downloads") { Description = "Let the tools download http(s) image URLs (refused otherwise)." };
        var services = new ServiceOptions();
        var command = services.AddTo(new Command(
            "mcp",
            "Run an MCP server exposing the vision tools (detect, count, locate, segment, read text, describe, ask) and JamAI answers, "
            + "on stdio for MCP hosts or --http for Streamable HTTP. See the README for an mcp.json snippet.")
        {
            http, port, host, roots, downloads,
        });
        return runner.Handle(command, async (context, parse) =>
        {
            var useHttp = parse.GetValue(http);
            var portValue = parse.GetValue(port);
            if (portValue is < 0 or > 65535)
            {
                throw new CliException($"--port must be between 0 and 65535, not {portValue}.");
            }

            var hostText = parse.GetValue(host) ?? "127.0.0.1";
            if (!IPAddress.TryParse(hostText, out var address))
            {
                throw new CliException($"--host must be an IP address such as 127.0.0.1, not '{hostText}'.");
            }

            var visionOptions = new VisionPluginOptions { AllowUrlDownload = parse.GetValue(downloads) };
            foreach (var folder in parse.GetValue(roots) ?? [])
            {
                var full = Path.GetFullPath(folder);
                if (!Directory.Exists(full))
                {
                    throw new CliException($"--allow-root '{folder}' is not a folder: give an existing folder of images.");
                }

                visionOptions.AllowedImageRoots.Add(full);
            }

            if (useHttp && !IPAddress.IsLoopback(address))
            {
                await context.Console.Error.WriteLineAsync($"warning: listening on {address}, not loopback: anyone who reaches this port can use the tools and your keys.").ConfigureAwait(false);
            }

            if (visionOptions.AllowedImageRoots.Count == 0)
            {
                await context.Console.Error.WriteLineAsync("note: no --allow-root, so the tools take images as base64 only (file paths are refused).").ConfigureAwait(false);
            }

            var settings = services.Read(parse);
            var connector = await ServiceConnector.ConnectAsync(settings, context.CancellationToken).ConfigureAwait(false);
            await using (connector.ConfigureAwait(false))
            {
                using var tools = new McpTools(connector, visionOptions, visionOptions.AllowUrlDownload, context.Console.Error);
                if (useHttp)
                {
                    await ServeHttpAsync(context, tools, address, portValue).ConfigureAwait(false);
                }
                else
                {
                    await ServeStdioAsync(context, tools).ConfigureAwait(false);
                }

                return ExitCodes.Success;
            }
        });
    }

    private static McpServerOptions ServerOptions(McpTools tools)
    {
        var options = new McpServerOptions
        {
            ServerInfo = new Implementation { Name = "connectors", Version = typeof(McpCommand).Assembly.GetName().Version?.ToString(3) ?? "0.0.0" },
            ServerInstructions = "Vision tools answered by Perceptron (give the image as a file path, an http(s) URL when downloads are allowed, or base64) and JamAI Base answers.",
            ToolCollection = [],
        };
        foreach (var tool in tools.Tools)
        {
            options.ToolCollection.Add(tool);
        }

        return options;
    }

    /// <summary>Serves stdin/stdout until the host closes them: nothing else may write to standard output.</summary>
    private static async Task ServeStdioAsync(CommandContext context, McpTools tools)
    {
        var options = ServerOptions(tools);
        var transport = new StdioServerTransport(options, NullLoggerFactory.Instance);
        await using (transport.ConfigureAwait(false))
        {
            var server = McpServer.Create(transport, options, NullLoggerFactory.Instance);
            await using (server.ConfigureAwait(false))
            {
                await context.Console.Error.WriteLineAsync($"connectors MCP server on stdio with {tools.Tools.Count} tools.").ConfigureAwait(false);
                await server.RunAsync(context.CancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task ServeHttpAsync(CommandContext context, McpTools tools, IPAddress address, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(address, port));
        var options = ServerOptions(tools);
        builder.Services.AddMcpServer(o =>
        {
            o.ServerInfo = options.ServerInfo;
            o.ServerInstructions = options.ServerInstructions;
        }).WithHttpTransport().WithTools(tools.Tools);

        var app = builder.Build();
        await using (app.ConfigureAwait(false))
        {
            app.MapMcp(HttpPath);
            await app.StartAsync(context.CancellationToken).ConfigureAwait(false);
            var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? $"http://{address}:{port}";
            await context.Console.Out.WriteLineAsync($"MCP server (Streamable HTTP) listening at {bound.TrimEnd('/')}{HttpPath}").ConfigureAwait(false);
            await context.Console.Out.FlushAsync(context.CancellationToken).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, context.CancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM: stop serving.
            }

            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
