using Connectors.Cli.Hosting;
using Connectors.Cli.Services;
using Connectors.SemanticKernel;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using ModelContextProtocol.Server;

namespace Connectors.Cli.Mcp;

/// <summary>
/// The server's tools: the <see cref="VisionPlugin"/> functions and JamAI answers, each built from its Semantic Kernel
/// function, so names, descriptions and schemas are written once, on the methods.
/// </summary>
internal sealed class McpTools : IDisposable
{
    private readonly List<IDisposable> _clients = [];

    public McpTools(ServiceConnector services, VisionPluginOptions visionOptions, bool allowDownloads, TextWriter diagnostics)
    {
        var perceptron = Create(() => services.CreatePerceptron(), "Perceptron", diagnostics);
        var jamai = Create(services.CreateJamAI, "JamAI Base", diagnostics);
        var vision = new VisionPlugin(new ImageCapture(perceptron), visionOptions);
        var kernel = new Kernel();
        var answers = KernelPluginFactory.CreateFromObject(new JamAIAnswers(jamai), McpJson.Options, JamAIAnswers.PluginName);
        var policy = new McpToolPolicy(allowDownloads);
        Functions = [.. vision.AsAITools().OfType<AIFunction>(), .. answers.Select(f => f.WithKernel(kernel))];
        Tools = [.. Functions.Select(f => new FunctionTool(f, policy))];
    }

    /// <summary>The functions the tools call.</summary>
    public IReadOnlyList<AIFunction> Functions { get; }

    /// <summary>The tools.</summary>
    public IReadOnlyList<McpServerTool> Tools { get; }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }

    private IChatClient Create(Func<IChatClient> create, string service, TextWriter diagnostics)
    {
        try
        {
            var client = create();
            _clients.Add(client);
            return client;
        }
        catch (CliException e)
        {
            diagnostics.WriteLine($"warning: {service} tools will fail until configured: {e.Message}");
            return new UnavailableChatClient(e);
        }
    }
}
