using System.Text.Json.Nodes;
using Connectors.Cli.Hosting;
using Connectors.Cli.Images;
using Connectors.Cli.Output;
using Connectors.Cli.Services;
using Connectors.Cli.Vision;
using Connectors.Emulator.Scenes;
using Connectors.JamAI;
using Connectors.Perceptron.Grounding;
using Microsoft.Extensions.AI;
using Spectre.Console;

namespace Connectors.Cli.Demo;

/// <summary>
/// The demo: a generated scene goes in; detection, counting, points, polygons, a streamed answer with reasoning, an
/// agent round through a vision function and a cited Knowledge Table answer come out, with annotated images on disk.
/// </summary>
internal sealed class DemoRunner
{
    private readonly CommandContext _context;
    private readonly DemoSettings _settings;
    private readonly JsonObject _report = [];
    private readonly JsonArray _images = [];

    public DemoRunner(CommandContext context, DemoSettings settings)
    {
        _context = context;
        _settings = settings;
    }

    private IAnsiConsole Console => _context.Console.Rich;

    private CancellationToken Ct => _context.CancellationToken;

    public async Task<int> RunAsync()
    {
        Directory.CreateDirectory(_settings.OutputFolder);
        var services = await _context.WithProgressAsync(
            "Starting the emulator…",
            () => ServiceConnector.ConnectAsync(new ServiceSettings { Target = _settings.Target }, Ct)).ConfigureAwait(false);
        await using (services.ConfigureAwait(false))
        {
            using var perceptron = services.CreatePerceptron();
            using var jamai = services.CreateJamAI();
            _report["perceptron"] = services.PerceptronOnEmulator ? "emulator" : "api";
            _report["jamai"] = services.JamAIOnEmulator ? "emulator" : "api";
            Say($"[bold]Connectors demo[/]  Perceptron: {Markup.Escape(services.Describe(perceptron: true))}; JamAI Base: {Markup.Escape(services.Describe(perceptron: false))}");

            var scene = DemoScene.Generate(_settings.Seed);
            var image = ImageInput.FromBytes(scene.Png, "generated scene");
            var scenePath = Save("scene.png", scene.Png);
            _report["scene"] = SceneJson(scene, scenePath);
            Step("Scene", $"{scene.Width}x{scene.Height}, {scene.Objects.Count} shapes: {string.Join(", ", scene.Objects.Select(o => o.Name))}");

            var detection = await VisionAsync(perceptron, VisionTask.Detect, image, null, "detections.png").ConfigureAwait(false);
            _report["detection"] = Summary(detection, scene.Objects.Count);
            Step("Detection", $"{detection.Leaves.Count} boxes (truth {scene.Objects.Count})");
            ShowTable(detection);

            var truth = scene.Where(DemoScene.CountedColor, DemoScene.CountedShape).Count();
            var counting = await VisionAsync(perceptron, VisionTask.Count, image, DemoScene.CountedObjects, "count.png").ConfigureAwait(false);
            var counted = counting.Leaves.OfType<PointAnnotation>().Count();
            var countJson = Summary(counting, truth);
            countJson["question"] = $"How many {DemoScene.CountedObjects} are there?";
            countJson["count"] = counted;
            _report["counting"] = countJson;
            Step("Counting", $"{FirstLine(counting.Text)}  (points: {counted}, truth {truth})");
            Reasoning(counting.Reasoning);

            var points = await VisionAsync(perceptron, VisionTask.Point, image, null, "points.png").ConfigureAwait(false);
            _report["points"] = Summary(points, scene.Objects.Count);
            Step("Points", $"{points.Leaves.Count} points (truth {scene.Objects.Count})");

            var polygons = await VisionAsync(perceptron, VisionTask.Segment, image, null, "polygons.png").ConfigureAwait(false);
            _report["polygons"] = Summary(polygons, scene.Objects.Count);
            Step("Polygons", $"{polygons.Leaves.Count} outlines (truth {scene.Objects.Count})");

            _report["stream"] = await StreamAsync(perceptron, image).ConfigureAwait(false);
            _report["agent"] = await AgentRound.RunAsync(_context, perceptron, jamai, scene).ConfigureAwait(false);
            _report["rag"] = await RagAsync(jamai, services).ConfigureAwait(false);

            _report["images"] = _images;
            if (_context.Json)
            {
                JsonOutput.Write(_context, _report);
            }
            else
            {
                Console.WriteLine();
                Console.MarkupLineInterpolated($"[green]Done.[/] Annotated images are in [bold]{_settings.OutputFolder}[/]:");
                foreach (var path in _images)
                {
                    Console.WriteLine($"  {path}");
                }

                Console.MarkupLine("Next: give these tools to an agent host with [bold]connectors mcp --emulator[/] (an MCP server on stdio; the README has an mcp.json snippet).");
            }

            return ExitCodes.Success;
        }
    }

    private async Task<VisionResult> VisionAsync(IChatClient client, VisionTask task, ImageInput image, string? subject, string fileName)
    {
        var request = VisionRequest.Create(task, image, subject);
        var response = await _context.WithProgressAsync(
            $"Perceptron: {task.ToString().ToLowerInvariant()}…",
            () => client.GetResponseAsync(request.Messages, request.Options, Ct)).ConfigureAwait(false);
        var result = VisionResult.From(response, image);
        result.WriteAnnotatedImage(image, Path.Combine(_settings.OutputFolder, fileName));
        _images.Add(result.AnnotatedImagePath);
        return result;
    }

    private async Task<JsonObject> StreamAsync(IChatClient client, ImageInput image)
    {
        Step("Streamed answer", "with the THINK hint, as it arrives:");
        var request = VisionRequest.Create(VisionTask.Ask, image, "Which shape is nearest the top-left corner, and what is around it?", think: true);
        var response = await StreamingAnswer.StreamAsync(_context, client, request.Messages, request.Options).ConfigureAwait(false);
        var result = VisionResult.From(response, image);
        return new JsonObject { ["answer"] = result.Text, ["reasoning"] = result.Reasoning };
    }

    private async Task<JsonObject> RagAsync(IChatClient jamai, ServiceConnector services)
    {
        string table;
        if (services.JamAIOnEmulator)
        {
            // The table is built the way an app builds one on JamAI Base: through the Knowledge Table client.
            table = DemoKnowledge.TableId;
            using var knowledge = services.CreateJamAIKnowledge();
            await DemoKnowledge.EnsureAsync(knowledge, Ct).ConfigureAwait(false);
        }
        else if (_settings.KnowledgeTable is { } given)
        {
            table = given;
        }
        else
        {
            const string Skipped = "skipped: on the real JamAI Base, pass --table with a Knowledge Table id of your project";
            Step("Cited answer", Skipped);
            return new JsonObject { ["skipped"] = Skipped };
        }

        var options = new ChatOptions().WithRag(new RagParams(table) { K = 2 });
        var response = await _context.WithProgressAsync(
            "JamAI Base: retrieving and answering…",
            () => jamai.GetResponseAsync(DemoKnowledge.Question, options, Ct)).ConfigureAwait(false);
        var citations = response.GetCitations();
        Step("Cited answer", $"{DemoKnowledge.Question}");
        Say(Markup.Escape(response.Text));
        if (!_context.Json)
        {
            Citations.Show(Console, citations);
        }

        return new JsonObject
        {
            ["table"] = table,
            ["question"] = DemoKnowledge.Question,
            ["answer"] = response.Text,
            ["citations"] = Citations.ToJson(citations),
        };
    }

    private string Save(string fileName, byte[] bytes)
    {
        var path = Path.GetFullPath(Path.Combine(_settings.OutputFolder, fileName));
        File.WriteAllBytes(path, bytes);
        _images.Add(path);
        return path;
    }

    private static JsonObject SceneJson(GeneratedScene scene, string path) => new()
    {
        ["width"] = scene.Width,
        ["height"] = scene.Height,
        ["image"] = path,
        ["objects"] = new JsonArray([.. scene.Objects.Select(o => (JsonNode)new JsonObject
        {
            ["name"] = o.Name,
            ["box"] = new JsonObject { ["left"] = o.Bounds.Left, ["top"] = o.Bounds.Top, ["right"] = o.Bounds.Right, ["bottom"] = o.Bounds.Bottom },
        })]),
    };

    private static JsonObject Summary(VisionResult result, int truth)
    {
        var json = result.ToJson();
        json["truth"] = truth;
        return json;
    }

    private void ShowTable(VisionResult result)
    {
        if (!_context.Json && result.Leaves.Count > 0)
        {
            VisionResult.ShowTable(Console, result.Leaves, result.Size);
        }
    }

    private void Step(string title, string text)
    {
        if (!_context.Json)
        {
            Console.WriteLine();
            Console.MarkupLine($"[bold blue]{Markup.Escape(title)}[/]  {Markup.Escape(text)}");
        }
    }

    private void Reasoning(string? reasoning)
    {
        if (!_context.Json && reasoning is not null)
        {
            Console.MarkupLineInterpolated($"[grey]Reasoning: {reasoning}[/]");
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    private void Say(string markup)
    {
        if (!_context.Json)
        {
            Console.MarkupLine(markup);
        }
    }
}
