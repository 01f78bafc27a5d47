using System.Text.Json;
using Connectors.Cli.Hosting;
using Connectors.Perceptron.Grounding;
using Microsoft.Extensions.AI;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Connectors.Cli.Mcp;

/// <summary>
/// An MCP tool over an <see cref="AIFunction"/> (a Semantic Kernel function): its name, description and input schema
/// are the function's own, the typed result comes back as JSON text, grounded results add the annotated image, and a
/// failure comes back as a tool error in the sentence the command line would print.
/// </summary>
internal sealed class FunctionTool : McpServerTool
{
    private const string ImageParameter = "image";

    private readonly AIFunction _function;
    private readonly McpToolPolicy _policy;

    public FunctionTool(AIFunction function, McpToolPolicy policy)
    {
        _function = function;
        _policy = policy;
        ProtocolTool = new Tool
        {
            Name = function.Name,
            Description = function.Description,
            InputSchema = function.JsonSchema,
        };
    }

    public override Tool ProtocolTool { get; }

    public override IReadOnlyList<object> Metadata => [];

    public override async ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default)
    {
        var progress = request.Params?.ProgressToken;
        try
        {
            var arguments = new AIFunctionArguments();
            foreach (var (name, value) in request.Params?.Arguments ?? new Dictionary<string, JsonElement>())
            {
                arguments[name] = value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString(),
                    JsonValueKind.Null or JsonValueKind.Undefined => null,
                    _ => value.GetRawText(),
                };
            }

            if (arguments.TryGetValue(ImageParameter, out var image) && image is string reference)
            {
                arguments[ImageParameter] = _policy.Admit(reference);
            }

            await ReportAsync(request, progress, 0, $"{_function.Name} started.", cancellationToken).ConfigureAwait(false);
            var exchange = ImageCapture.Begin();
            var result = await _function.InvokeAsync(arguments, cancellationToken).ConfigureAwait(false);
            await ReportAsync(request, progress, 1, $"{_function.Name} answered.", cancellationToken).ConfigureAwait(false);

            var content = new List<ContentBlock> { new TextContentBlock { Text = ToJson(result) } };
            if (Annotate(exchange) is { } png)
            {
                content.Add(ImageContentBlock.FromBytes(png, "image/png"));
            }

            return new CallToolResult { Content = content };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            var (message, _) = ErrorReport.Describe(e is Microsoft.SemanticKernel.KernelException { InnerException: { } inner } ? inner : e);
            return new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = message }] };
        }
    }

    private static async Task ReportAsync(RequestContext<CallToolRequestParams> request, ProgressToken? token, int progress, string message, CancellationToken cancellationToken)
    {
        if (token is { } t)
        {
            await request.Server.NotifyProgressAsync(t, new ProgressNotificationValue { Progress = progress, Total = 1, Message = message }, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
    }

    private static string ToJson(object? result) => result switch
    {
        null => "null",
        JsonElement element => element.GetRawText(),
        string text => text,
        _ => JsonSerializer.Serialize(result, result.GetType(), McpJson.Options),
    };

    /// <summary>The image the plugin sent with the annotations of the answer drawn on it, or null when there is nothing to draw.</summary>
    private static byte[]? Annotate(ImageCapture.Exchange exchange)
    {
        if (exchange is not { Image: { } image, Response: { } response })
        {
            return null;
        }

        var leaves = response.GetGrounding().SelectMany(static g => g.Leaves).Where(static l => l.AssetIndex is null or 0 && l is BoxAnnotation or PointAnnotation or PolygonAnnotation).ToList();
        return leaves.Count == 0 ? null : GroundingRenderer.RenderPng(image.Data.Span, leaves);
    }
}
