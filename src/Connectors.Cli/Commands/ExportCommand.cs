using System.CommandLine;
using System.Text.Json.Nodes;
using Connectors.Cli.Batch;
using Connectors.Cli.Hosting;
using Connectors.Cli.Output;

namespace Connectors.Cli.Commands;

/// <summary><c>export coco|yolo RESULTS.jsonl... --out</c>: batch results (shards merged) as a dataset.</summary>
internal static class ExportCommand
{
    public static Command Create(CommandRunner runner)
    {
        var export = new Command("export", "Turn batch results (one or more JSONL files, e.g. shards) into a dataset format.");
        export.Add(Format(runner, "coco", "A COCO detection JSON file (boxes, polygons as segmentation).", "coco.json", CocoWriter.Write));
        export.Add(Format(runner, "yolo", "YOLO txt labels, one file per image, and classes.txt.", "folder", YoloWriter.Write));
        return export;
    }

    private static Command Format(CommandRunner runner, string name, string description, string outName, Action<DatasetResults, string> write)
    {
        var files = new Argument<string[]>("results") { Description = "JSONL files written by 'connectors batch --out'.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out", "-o") { Description = "Where to write.", HelpName = outName, Required = true };
        var command = new Command(name, description) { files, output };
        return runner.Handle(command, (context, parse) =>
        {
            var results = DatasetResults.Read(parse.GetValue(files)!);
            var path = Path.GetFullPath(parse.GetValue(output)!);
            write(results, path);
            var objects = results.Images.Sum(i => i.Objects.Count);
            if (context.Json)
            {
                JsonOutput.Write(context, new JsonObject
                {
                    ["out"] = path,
                    ["images"] = results.Images.Count,
                    ["objects"] = objects,
                    ["categories"] = results.Categories.Count,
                    ["failedImages"] = results.Failed,
                    ["duplicates"] = results.Duplicates,
                    ["skippedAnnotations"] = results.SkippedAnnotations,
                });
            }
            else
            {
                context.Console.Out.WriteLine($"Wrote {path}: {results.Images.Count} images, {objects} objects in {results.Categories.Count} categories.");
                if (results.Failed > 0 || results.Duplicates > 0 || results.SkippedAnnotations > 0)
                {
                    context.Console.Out.WriteLine(
                        $"Left out: {results.Failed} images with no result (failed), {results.Duplicates} repeated lines (the first kept), {results.SkippedAnnotations} points or clips (no extent to label).");
                }
            }

            return Task.FromResult(ExitCodes.Success);
        });
    }
}
