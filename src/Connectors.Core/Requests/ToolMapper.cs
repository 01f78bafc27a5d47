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

    public static WireTool ToWire(AITool tool, ChatCompletionsDialect dialect)
    {
        if (dialect.ConvertTool(tool) is { } converted)
        {
            return converted;
        }

        if (tool is AIFunctionDeclaration function)
        {
            return new WireTool
            {
                Function = new WireFunctionDefinition
                {
                    Name = function.Name,
                    Description = string.IsNullOrEmpty(function.Description) ? null : function.Description,
                    Parameters = function.JsonSchema.ValueKind == JsonValueKind.Object ? function.JsonSchema : EmptyObjectSchema,
                },
            };
        }

        throw new NotSupportedException($"{dialect.ProviderName} does not support the tool '{tool.Name}' ({tool.GetType().Name}); pass AIFunction tools.");
    }

    public static JsonElement? ToolChoice(ChatToolMode? mode) => mode switch
    {
        null => null,
        NoneChatToolMode => None,
        AutoChatToolMode => Auto,
        RequiredChatToolMode { RequiredFunctionName: null } => Required,
        RequiredChatToolMode { RequiredFunctionName: { } name } => JsonValueWriter.FunctionChoice(name),
        _ => Auto,
    };
}
