using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Cli.Hosting;
using Connectors.Emulator.Scenes;
using Connectors.SemanticKernel;
using Microsoft.Extensions.AI;
using Spectre.Console;

namespace Connectors.Cli.Demo;

/// <summary>
/// One agent round: JamAI Base is the agent's model, the Semantic Kernel <see cref="VisionPlugin"/> its tools (run by
/// MEAI's function invocation), Perceptron answers the vision call, and the agent answers from the tool result.
/// </summary>
internal static class AgentRound
{
    public const string ImageName = "scene";

    public const string Question = "How many red circles are in the picture? Use the vision tools.";

    private const string Instructions =
        $"You are an assistant with vision tools. The user's picture is registered as '{ImageName}': pass that name as the image argument.";

    public static async Task<JsonObject> RunAsync(CommandContext context, IChatClient perceptron, IChatClient jamai, GeneratedScene scene)
    {
        var plugin = new VisionPlugin(perceptron);
        plugin.AddImage(new DataContent(scene.Png, "image/png"), ImageName);
        var tools = plugin.AsAITools();

        // Detailed errors let the model (and the demo's output) see why a call failed, e.g. a wrong image name.
        using var agent = new ChatClientBuilder(jamai).UseFunctionInvocation(configure: f => f.IncludeDetailedErrors = true).Build();
        List<ChatMessage> messages = [new(ChatRole.System, Instructions), new(ChatRole.User, Question)];
        var response = await context.WithProgressAsync(
            "Agent: JamAI Base calling the vision plugin…",
            () => agent.GetResponseAsync(messages, new ChatOptions { Tools = tools, ToolMode = ChatToolMode.Auto }, context.CancellationToken)).ConfigureAwait(false);

        var contents = response.Messages.SelectMany(m => m.Contents).ToList();
        var results = contents.OfType<FunctionResultContent>().ToDictionary(r => r.CallId, r => r.Result);
        var calls = new JsonArray();
        foreach (var call in contents.OfType<FunctionCallContent>())
        {
            calls.Add(new JsonObject
            {
                ["name"] = call.Name,
                ["arguments"] = JsonSerializer.SerializeToNode(call.Arguments, AIJsonUtilities.DefaultOptions),
                ["result"] = results.TryGetValue(call.CallId, out var result) ? ToNode(result) : null,
            });
        }

        var answer = response.Messages.LastOrDefault(m => m.Role == ChatRole.Assistant)?.Text ?? "";
        if (!context.Json)
        {
            var console = context.Console.Rich;
            console.WriteLine();
            console.MarkupLineInterpolated($"[bold blue]Agent round[/]  {Question}");
            foreach (var call in calls)
            {
                console.MarkupLineInterpolated($"  [grey]tool call[/] {call!["name"]!.GetValue<string>()}({call["arguments"]?.ToJsonString() ?? "{}"}) → {Summary(call["result"])}");
            }

            console.WriteLine(answer);
        }

        return new JsonObject { ["question"] = Question, ["toolCalls"] = calls, ["answer"] = answer };
    }

    private static string Summary(JsonNode? result) =>
        result is JsonObject o && o["count"] is { } count ? $"count {count.ToJsonString()}" : result?.ToJsonString() ?? "no result";

    private static JsonNode? ToNode(object? result) => result switch
    {
        null => null,
        JsonElement element => JsonNode.Parse(element.GetRawText()),
        string text => TryParse(text),
        _ => JsonSerializer.SerializeToNode(result, result.GetType(), VisionPlugin.JsonSerializerOptions),
    };

    private static JsonNode? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }
}
