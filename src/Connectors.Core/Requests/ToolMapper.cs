using System.Text.Json;
using Connectors.Core.Wire;
using Microsoft.Extensions.AI;

namespace Connectors.Core.Requests;

/// <summary>Maps MEAI tools and tool modes.</summary>
internal static class ToolMapper
{
    private static readonly JsonElement EmptyObjectSchema = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement.Clone();
    private static readonly JsonElement Auto = JsonSerializer.SerializeToElement("auto", CoreJsonContext.Default.String);
    private static readonly JsonElement None = JsonSerializer.SerializeToElement("none", CoreJsonContext.Default.String);
    private static readonly JsonElement Required = JsonSerializer.SerializeToElement("required", CoreJsonContext.Default.String);

    /// <summary>Converts every tool with <paramref name="convert"/>; a tool it returns null for is refused.</summary>
    public static List<WireTool> ToWire(IList<AITool> tools, Func<AITool, WireTool?> convert, string provider)
    {
        var wire = new List<WireTool>(tools.Count);
        foreach (var tool in tools)
        {
            wire.Add(convert(tool) ?? throw new NotSupportedException($"{provider} does not support the tool '{tool.Name}' ({tool.GetType().Name}); pass AIFunction tools."));
        }

        return wire;
    }

    /// <summary>A function tool as chat completions take it; null for other tools.</summary>
    public static WireTool? Function(AITool tool) => tool is AIFunctionDeclaration function
        ? new WireTool
        {
            Function = new WireFunctionDefinition
            {
                Name = function.Name,
                Description = string.IsNullOrEmpty(function.Description) ? null : function.Description,
                Parameters = function.JsonSchema.ValueKind == JsonValueKind.Object ? function.JsonSchema : EmptyObjectSchema,
            },
        }
        : null;

    public static JsonElement ToolChoice(ChatToolMode mode) => mode switch
    {
        NoneChatToolMode => None,
        RequiredChatToolMode { RequiredFunctionName: null } => Required,
        RequiredChatToolMode { RequiredFunctionName: { } name } => JsonSerializer.SerializeToElement(
            new WireToolChoice { Function = new WireToolChoiceFunction { Name = name } }, CoreJsonContext.Default.WireToolChoice),
        _ => Auto,
    };
}
