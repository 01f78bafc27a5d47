using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Cli.Hosting;
using Connectors.Cli.Output;
using Connectors.Cli.Services;
using Connectors.Perceptron.Grounding;
using Connectors.SemanticKernel;
using Spectre.Console;

namespace Connectors.Cli.Commands;

/// <summary><c>track</c> and <c>moments</c>: Perceptron over a video (a folder of frames, an mp4 or webm file, or a URL).</summary>
internal static class VideoCommands
{
    public static IEnumerable<Command> Create(CommandRunner runner)
    {
        yield return Track(runner);
        yield return Moments(runner);
    }

    private static Argument<string> VideoArgument() => new("video")
    {
        Description = "A folder of frames (png, jpeg, webp; each name's last number is its time in ms), an mp4 or webm file, an http(s) URL, or the id of an uploaded video (file-…).",
    };

    private static Command Track(CommandRunner runner)
    {
        var video = VideoArgument();
        var classes = new Option<string?>("--classes", "-c") { Description = "Only these categories, comma separated (e.g. \"car, person\").", HelpName = "list" };
        var output = new Option<string?>("--out", "-o") { Description = "Write a contact sheet of the frames with the tracks' boxes to this PNG file (frames folders only).", HelpName = "file.png" };
        var columns = new Option<int>("--columns") { Description = "Frames per row of the contact sheet.", DefaultValueFactory = _ => 4, HelpName = "n" };
        var services = new ServiceOptions();
        var command = services.AddTo(new Command("track", "Track objects through a video: a box per object at each time it is seen.") { video, classes, output, columns });
        return runner.Handle(command, (context, parse) => TrackAsync(context, services.Read(parse), parse.GetValue(video)!, parse.GetValue(classes), parse.GetValue(output), parse.GetValue(columns)));
    }

    private static Command Moments(CommandRunner runner)
    {
        var video = VideoArgument();
        var query = new Argument<string>("query") { Description = "What to find, e.g. \"the red car\" or \"the dog jumps\"." };
        var services = new ServiceOptions();
        var command = services.AddTo(new Command("moments", "Find when something happens or is on screen in a video.") { video, query });
        return runner.Handle(command, (context, parse) => MomentsAsync(context, services.Read(parse), parse.GetValue(video)!, parse.GetValue(query)!));
    }

    private static async Task<int> TrackAsync(CommandContext context, ServiceSettings settings, string video, string? classes, string? outPath, int columns)
    {
        if (columns < 1)
        {
            throw new CliException($"--columns must be 1 or more, not {columns}.");
        }

        var (reference, options) = Reference(video);
        var services = await ServiceConnector.ConnectAsync(settings, context.CancellationToken).ConfigureAwait(false);
        await using (services.ConfigureAwait(false))
        {
            using var client = services.CreatePerceptron();
            var plugin = new VisionPlugin(client, options);
            var result = await WithVideoErrorsAsync(() => context.WithProgressAsync("Asking Perceptron (track)…", () => plugin.TrackObjectsAsync(reference, classes, context.CancellationToken))).ConfigureAwait(false);
            string? sheet = null;
            if (outPath is not null)
            {
                sheet = await WriteSheetAsync(options, reference, result, outPath, columns, context.CancellationToken).ConfigureAwait(false);
            }

            var json = ToJson(result);
            if (sheet is not null)
            {
                json["annotatedImage"] = sheet;
            }

            if (context.Json)
            {
                JsonOutput.Write(context, json);
                return ExitCodes.Success;
            }

            var console = context.Console.Rich;
            if (result.Answer.Length > 0)
            {
                console.WriteLine(result.Answer);
            }

            var table = new Table().Border(TableBorder.Rounded).AddColumns("#", "object", "seen", "boxes", "first box (px)");
            for (var i = 0; i < result.Tracks.Count; i++)
            {
                var track = result.Tracks[i];
                var first = track.Boxes.Count > 0 ? track.Boxes[0] : null;
                table.AddRow(
                    (i + 1).ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(track.Label ?? ""),
                    Markup.Escape(Range(track.FirstSeconds, track.LastSeconds)),
                    track.Boxes.Count.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(first?.PixelBox is { } px ? $"({px.TopLeft.X},{px.TopLeft.Y})-({px.BottomRight.X},{px.BottomRight.Y})" : ""));
            }

            console.Write(table);
            if (sheet is not null)
            {
                console.MarkupLineInterpolated($"Contact sheet: [link]{sheet}[/]");
            }

            return ExitCodes.Success;
        }
    }

    private static async Task<int> MomentsAsync(CommandContext context, ServiceSettings settings, string video, string query)
    {
        var (reference, options) = Reference(video);
        var services = await ServiceConnector.ConnectAsync(settings, context.CancellationToken).ConfigureAwait(false);
        await using (services.ConfigureAwait(false))
        {
            using var client = services.CreatePerceptron();
            var plugin = new VisionPlugin(client, options);
            var result = await WithVideoErrorsAsync(() => context.WithProgressAsync("Asking Perceptron (moments)…", () => plugin.FindMomentsAsync(reference, query, context.CancellationToken))).ConfigureAwait(false);
            if (context.Json)
            {
                JsonOutput.Write(context, ToJson(result));
                return ExitCodes.Success;
            }

            var console = context.Console.Rich;
            if (result.Answer.Length > 0)
            {
                console.WriteLine(result.Answer);
            }

            foreach (var moment in result.Moments)
            {
                console.MarkupLineInterpolated($"[bold]{moment.Label ?? result.Query}[/]: {Range(moment.StartSeconds, moment.EndSeconds)}");
            }

            return ExitCodes.Success;
        }
    }

    /// <summary>A local video is allowed by its own folder; a URL needs no folder.</summary>
    private static (string Reference, VisionPluginOptions Options) Reference(string video)
    {
        var options = new VisionPluginOptions();
        if (Uri.TryCreate(video, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return (video, options);
        }

        var full = Path.GetFullPath(video);
        if (!File.Exists(full) && !Directory.Exists(full))
        {
            throw new CliException($"There is no file or folder '{video}': give a folder of frames, an mp4 or webm file, or an http(s) URL.");
        }

        options.AllowedImageRoots.Add(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(full)) ?? full);
        return (full, options);
    }

    private static async Task<T> WithVideoErrorsAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (ImageReferenceException e)
        {
            throw new CliException(e.Message);
        }
    }

    private static async Task<string> WriteSheetAsync(VisionPluginOptions options, string reference, TrackingResult result, string outPath, int columns, CancellationToken ct)
    {
        var resolved = await new VideoResolver(options).ResolveAsync(reference, ct).ConfigureAwait(false);
        if (resolved.Frames is not { } frames)
        {
            throw new CliException("--out draws a contact sheet of frames, so it needs a folder of frames; a whole video cannot be drawn here.");
        }

        var boxes = result.Tracks.SelectMany(t => t.Boxes.Select(b => new BoxAnnotation(b.GridBox) { Mention = t.Label, Time = b.Seconds is { } s ? TimeSpan.FromSeconds(s) : null }));
        var png = GroundingRenderer.RenderContactSheetPng(frames, boxes, columns);
        var full = Path.GetFullPath(outPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await File.WriteAllBytesAsync(full, png, ct).ConfigureAwait(false);
        return full;
    }

    private static JsonObject ToJson<T>(T result)
        where T : Connectors.SemanticKernel.VisionResult =>
        JsonSerializer.SerializeToNode(result, VisionPlugin.JsonSerializerOptions.GetTypeInfo(typeof(T)))!.AsObject();

    private static string Range(double? start, double? end) =>
        start is not { } s ? "" : end is { } e && e != s ? string.Create(CultureInfo.InvariantCulture, $"{s:0.###}-{e:0.###} s") : string.Create(CultureInfo.InvariantCulture, $"{s:0.###} s");
}
