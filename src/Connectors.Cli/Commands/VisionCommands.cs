using System.CommandLine;
using Connectors.Cli.Hosting;
using Connectors.Cli.Images;
using Connectors.Cli.Output;
using Connectors.Cli.Services;
using Connectors.Cli.Vision;
using Spectre.Console;

namespace Connectors.Cli.Commands;

/// <summary><c>detect</c>, <c>count</c>, <c>point</c>, <c>segment</c>, <c>ocr</c>, <c>caption</c> and <c>ask</c>: Perceptron over one image.</summary>
internal static class VisionCommands
{
    public static IEnumerable<Command> Create(CommandRunner runner)
    {
        yield return Located(runner, VisionTask.Detect, "detect", "Find objects and draw their bounding boxes.");
        yield return Located(runner, VisionTask.Point, "point", "Put a point on each object.");
        yield return Located(runner, VisionTask.Segment, "segment", "Outline each object with a polygon.");
        yield return Count(runner);
        yield return Simple(runner, VisionTask.Ocr, "ocr", "Read the text in an image.");
        yield return Caption(runner);
        yield return Ask(runner);
    }

    private static Argument<string> ImageArgument() => new("image") { Description = "Path or http(s) URL of a PNG, JPEG or WebP image, or the id of an uploaded one (file-…)." };

    private static Option<string?> OutOption() => new("--out", "-o")
    {
        Description = "Write the image with the annotations drawn on it to this PNG file.",
        HelpName = "file.png",
    };

    private static Command Located(CommandRunner runner, VisionTask task, string name, string description)
    {
        var image = ImageArgument();
        var classes = new Option<string?>("--classes", "-c") { Description = "Only these categories, comma separated (e.g. \"cat, dog\").", HelpName = "list" };
        var output = OutOption();
        var services = new ServiceOptions();
        var command = services.AddTo(new Command(name, description) { image, classes, output });
        Option<string?>? examples = null;
        if (task == VisionTask.Detect)
        {
            examples = new Option<string?>("--examples", "-e")
            {
                Description = "Labelled example images to learn from: a JSON file [{\"image\":\"example.png\",\"boxes\":[{\"label\":\"widget\",\"x1\":10,\"y1\":20,\"x2\":60,\"y2\":80}]}] (pixels; image paths relative to the file).",
                HelpName = "examples.json",
            };
            command.Add(examples);
        }

        return runner.Handle(command, (context, parse) => RunAsync(
            context, services.Read(parse), task, parse.GetValue(image), parse.GetValue(classes), think: false, detailed: false, stream: false, parse.GetValue(output),
            examples is null ? null : parse.GetValue(examples)));
    }

    private static Command Count(CommandRunner runner)
    {
        var image = ImageArgument();
        var objects = new Argument<string>("objects") { Description = "What to count, e.g. \"red circles\" or \"cars\"." };
        var output = OutOption();
        var services = new ServiceOptions();
        var command = services.AddTo(new Command("count", "Count objects, pointing to each (with reasoning).") { image, objects, output });
        return runner.Handle(command, (context, parse) => RunAsync(
            context, services.Read(parse), VisionTask.Count, parse.GetValue(image), parse.GetValue(objects), think: false, detailed: false, stream: false, parse.GetValue(output)));
    }

    private static Command Simple(CommandRunner runner, VisionTask task, string name, string description)
    {
        var image = ImageArgument();
        var services = new ServiceOptions();
        var command = services.AddTo(new Command(name, description) { image });
        return runner.Handle(command, (context, parse) => RunAsync(
            context, services.Read(parse), task, parse.GetValue(image), null, think: false, detailed: false, stream: false, null));
    }

    private static Command Caption(CommandRunner runner)
    {
        var image = ImageArgument();
        var detailed = new Option<bool>("--detailed") { Description = "A detailed caption instead of a concise one." };
        var output = OutOption();
        var services = new ServiceOptions();
        var command = services.AddTo(new Command("caption", "Caption an image, with boxes on what the caption names.") { image, detailed, output });
        return runner.Handle(command, (context, parse) => RunAsync(
            context, services.Read(parse), VisionTask.Caption, parse.GetValue(image), null, think: false, parse.GetValue(detailed), stream: false, parse.GetValue(output)));
    }

    private static Command Ask(CommandRunner runner)
    {
        var question = new Argument<string>("question") { Description = "The question." };
        var image = new Option<string?>("--image", "-i") { Description = "Path or URL of an image the question is about.", HelpName = "image" };
        var stream = new Option<bool>("--stream") { Description = "Print the answer (and reasoning) as it arrives." };
        var think = new Option<bool>("--think") { Description = "Ask for visible reasoning (the THINK hint)." };
        var output = OutOption();
        var services = new ServiceOptions();
        var command = services.AddTo(new Command("ask", "Ask Perceptron a question, optionally about an image.") { question, image, stream, think, output });
        return runner.Handle(command, (context, parse) => RunAsync(
            context, services.Read(parse), VisionTask.Ask, parse.GetValue(image), parse.GetValue(question), parse.GetValue(think), detailed: false, parse.GetValue(stream), parse.GetValue(output)));
    }

    private static async Task<int> RunAsync(
        CommandContext context, ServiceSettings settings, VisionTask task, string? imageArgument, string? subject, bool think, bool detailed, bool stream, string? outPath, string? examplesFile = null)
    {
        var ct = context.CancellationToken;
        if (outPath is not null && imageArgument is null)
        {
            throw new CliException("--out draws on the image, so it needs --image too.");
        }

        var uploaded = imageArgument is not null && ImageInput.IsFileId(imageArgument);
        var image = imageArgument is null || uploaded ? null : await ImageInput.LoadAsync(imageArgument, ct).ConfigureAwait(false);
        var services = await ServiceConnector.ConnectAsync(settings, ct).ConfigureAwait(false);
        await using (services.ConfigureAwait(false))
        {
            if (uploaded)
            {
                using var files = services.CreatePerceptronFiles();
                image = await ImageInput.FromUploadAsync(files, imageArgument!, ct).ConfigureAwait(false);
            }

            using var client = services.CreatePerceptron();
            var request = VisionRequest.Create(task, image, subject, think, detailed);
            if (examplesFile is not null)
            {
                request = request.WithExamples(await ExampleFile.TurnsAsync(examplesFile, VisionRequest.Categories(subject), ct).ConfigureAwait(false));
            }
            var response = stream
                ? await StreamingAnswer.StreamAsync(context, client, request.Messages, request.Options).ConfigureAwait(false)
                : await context.WithProgressAsync(
                    $"Asking Perceptron ({task.ToString().ToLowerInvariant()})…",
                    () => client.GetResponseAsync(request.Messages, request.Options, ct)).ConfigureAwait(false);

            var result = VisionResult.From(response, image);
            if (outPath is not null)
            {
                result.WriteAnnotatedImage(image!, outPath);
            }

            if (context.Json)
            {
                JsonOutput.Write(context, result.ToJson());
            }
            else if (stream)
            {
                // The text was printed as it came; what is left is the table and the image path.
                if (result.Leaves.Count > 0)
                {
                    VisionResult.ShowTable(context.Console.Rich, result.Leaves, result.Size);
                }

                if (result.AnnotatedImagePath is not null)
                {
                    context.Console.Rich.MarkupLineInterpolated($"Annotated image: {result.AnnotatedImagePath}");
                }
            }
            else
            {
                result.Show(context.Console.Rich);
            }

            return ExitCodes.Success;
        }
    }
}
