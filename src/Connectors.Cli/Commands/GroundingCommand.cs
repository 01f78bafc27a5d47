using System.CommandLine;
using System.Text.Json.Nodes;
using Connectors.Cli.Hosting;
using Connectors.Cli.Output;
using Connectors.Cli.Vision;
using Connectors.Perceptron.Grounding;
using Spectre.Console;

namespace Connectors.Cli.Commands;

/// <summary><c>grounding parse</c>: Perceptron's tagged text (points, boxes, polygons, ...) to structured annotations.</summary>
internal static class GroundingCommand
{
    public static Command Create(CommandRunner runner)
    {
        var file = new Argument<string?>("file") { Description = "A file of model output; '-' or nothing reads standard input.", Arity = ArgumentArity.ZeroOrOne };
        var width = new Option<int?>("--width") { Description = "Image width in pixels, to add pixel coordinates (with --height).", HelpName = "px" };
        var height = new Option<int?>("--height") { Description = "Image height in pixels (with --width).", HelpName = "px" };
        var parseCommand = runner.Handle(
            new Command("parse", "Parse grounding tags from a file or standard input into annotations.") { file, width, height },
            (context, parse) => ParseAsync(context, parse.GetValue(file), parse.GetValue(width), parse.GetValue(height)));
        return new Command("grounding", "Work with Perceptron's grounded output.") { parseCommand };
    }

    private static async Task<int> ParseAsync(CommandContext context, string? file, int? width, int? height)
    {
        ImageSize? size = (width, height) switch
        {
            (null, null) => null,
            ( > 0, > 0) => new ImageSize(width.Value, height.Value),
            (null, _) or (_, null) => throw new CliException("--width and --height go together: give both to get pixel coordinates."),
            _ => throw new CliException($"--width and --height must be positive, not {width}x{height}."),
        };
        var text = await ReadAsync(context, file).ConfigureAwait(false);
        var result = GroundingParser.Parse(text);
        if (context.Json)
        {
            var json = new JsonObject
            {
                ["text"] = result.Text,
                ["reasoning"] = result.Reasoning,
                ["annotations"] = AnnotationJson.Annotations(result.Annotations),
                ["leaves"] = AnnotationJson.Leaves(result.Leaves, size),
                ["errors"] = new JsonArray([.. result.Errors.Select(e => (JsonNode)new JsonObject { ["position"] = e.Position, ["code"] = e.Code, ["reason"] = e.Reason })]),
            };
            if (size is { } s)
            {
                json["image"] = new JsonObject { ["width"] = s.Width, ["height"] = s.Height };
            }

            JsonOutput.Write(context, json);
            return ExitCodes.Success;
        }

        var console = context.Console.Rich;
        if (result.Text.Trim().Length > 0)
        {
            console.WriteLine(result.Text.Trim());
        }

        VisionResult.ShowTable(console, result.Leaves, size);
        foreach (var error in result.Errors)
        {
            console.MarkupLineInterpolated($"[yellow]{error.Code} at {error.Position}: {error.Reason}[/]");
        }

        return ExitCodes.Success;
    }

    private static async Task<string> ReadAsync(CommandContext context, string? file)
    {
        if (file is null && context.Console.IsInputTerminal)
        {
            throw new CliException("Nothing to parse: give a file of model output, or pipe it in (e.g. 'cat answer.txt | connectors grounding parse').");
        }

        if (file is null or "-")
        {
            return await context.Console.In.ReadToEndAsync(context.CancellationToken).ConfigureAwait(false);
        }

        if (!File.Exists(file))
        {
            throw new CliException($"No file at '{Path.GetFullPath(file)}': check the path, or pipe the text in on standard input.");
        }

        return await File.ReadAllTextAsync(file, context.CancellationToken).ConfigureAwait(false);
    }
}
