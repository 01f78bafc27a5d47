using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Connectors.Cli.Batch;
using Connectors.Cli.Fleet;
using Connectors.Cli.Hosting;
using Connectors.Cli.Output;
using Connectors.Cli.Services;
using Connectors.Cli.Vision;

namespace Connectors.Cli.Commands;

/// <summary><c>batch detect|count|point|segment|ocr|caption INPUT... --out results.jsonl</c>: one task over many images.</summary>
internal static class BatchCommand
{
    public static Command Create(CommandRunner runner)
    {
        var batch = new Command("batch", "Run a vision task over files, folders or globs of images, one JSON line per image (resumable).");
        batch.Add(Task(runner, VisionTask.Detect, "detect", "Bounding boxes of the objects in every image."));
        batch.Add(Task(runner, VisionTask.Count, "count", "Count objects in every image (--objects names them)."));
        batch.Add(Task(runner, VisionTask.Point, "point", "A point on each object in every image."));
        batch.Add(Task(runner, VisionTask.Segment, "segment", "Polygons outlining each object in every image."));
        batch.Add(Task(runner, VisionTask.Ocr, "ocr", "The text in every image."));
        batch.Add(Task(runner, VisionTask.Caption, "caption", "A caption of every image, with boxes on what it names."));
        return batch;
    }

    private static Command Task(CommandRunner runner, VisionTask task, string name, string description)
    {
        var inputs = new Argument<string[]>("inputs") { Description = "Image files, folders (searched recursively) or globs such as 'photos/**/*.jpg'.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out", "-o") { Description = "The JSONL results file: appended to, and read first to skip images already done.", HelpName = "results.jsonl", Required = true };
        var concurrency = new Option<int>("--concurrency", "-j") { Description = "Images in flight at once (default 4).", DefaultValueFactory = _ => 4, HelpName = "n" };
        var retryFailed = new Option<bool>("--retry-failed") { Description = "Run the images that failed last time again (they are skipped otherwise)." };
        var shard = new Option<string?>("--shard") { Description = "Take only share K of N of the images (stable by path), e.g. 2/3 on the second of three machines.", HelpName = "K/N" };
        var coco = new Option<string?>("--coco") { Description = "Also write the results as a COCO detection file.", HelpName = "coco.json" };
        var yolo = new Option<string?>("--yolo") { Description = "Also write YOLO txt labels (and classes.txt) into this folder.", HelpName = "folder" };
        var rate = new Option<string?>("--rate") { Description = "Requests this run allows itself: a number a minute, or per window as 60/5s (default: Perceptron's 300 a minute; 0 for no client-side limit). With --redis, every process sharing the key counts against it together.", HelpName = "n[/window]" };
        var redis = new Option<string?>("--redis") { Description = "A Redis every process of the fleet names (host:6379[,password=...]; default CONNECTORS_REDIS): they share the key's rate limit and reuse each other's answers.", HelpName = "configuration" };
        var command = new Command(name, description) { inputs, output, concurrency, retryFailed, shard, coco, yolo, rate, redis };
        Option<string?>? subject = task switch
        {
            VisionTask.Count => new Option<string?>("--objects") { Description = "What to count, e.g. \"red circles\" (required).", HelpName = "text", Required = true },
            VisionTask.Detect or VisionTask.Point or VisionTask.Segment => new Option<string?>("--classes", "-c") { Description = "Only these categories, comma separated.", HelpName = "list" },
            _ => null,
        };
        var detailed = task == VisionTask.Caption ? new Option<bool>("--detailed") { Description = "Detailed captions instead of concise ones." } : null;
        if (subject is not null)
        {
            command.Add(subject);
        }

        if (detailed is not null)
        {
            command.Add(detailed);
        }

        var services = new ServiceOptions();
        services.AddTo(command);
        return runner.Handle(command, (context, parse) => RunAsync(
            context,
            services.Read(parse) with { Rate = RateSetting.Parse(parse.GetValue(rate)) },
            task,
            new BatchSettings(
                parse.GetValue(inputs)!,
                parse.GetValue(output)!,
                parse.GetValue(concurrency),
                parse.GetValue(retryFailed),
                ShardSelector.Parse(parse.GetValue(shard)),
                parse.GetValue(coco),
                parse.GetValue(yolo),
                Redis(parse.GetValue(redis))),
            subject is null ? null : parse.GetValue(subject),
            detailed is not null && parse.GetValue(detailed)));
    }

    private static string? Redis(string? option) =>
        option ?? (Environment.GetEnvironmentVariable("CONNECTORS_REDIS") is { Length: > 0 } fromEnvironment ? fromEnvironment : null);

    private sealed record BatchSettings(string[] Inputs, string Out, int Concurrency, bool RetryFailed, ShardSelector Shard, string? Coco, string? Yolo, string? Redis);

    private static async Task<int> RunAsync(CommandContext context, ServiceSettings settings, VisionTask task, BatchSettings batch, string? subject, bool detailed)
    {
        if (batch.Concurrency is < 1 or > 64)
        {
            throw new CliException($"--concurrency must be between 1 and 64, not {batch.Concurrency}.");
        }

        var found = BatchInputs.Expand(batch.Inputs);
        var inShard = found.Where(batch.Shard.Takes).ToList();
        using var journal = BatchJournal.Open(batch.Out);
        var pending = inShard.Where(p => !journal.Succeeded.Contains(p) && (batch.RetryFailed || !journal.Failed.Contains(p))).ToList();

        int succeeded = 0, failed = 0;
        var cancelled = false;
        if (pending.Count > 0)
        {
            var fleet = batch.Redis is { } redis ? await RedisFleet.ConnectAsync(redis, context.CancellationToken).ConfigureAwait(false) : null;
            try
            {
                var services = await ServiceConnector.ConnectAsync(settings, context.CancellationToken).ConfigureAwait(false);
                await using (services.ConfigureAwait(false))
                {
                    using var perceptron = services.CreatePerceptron(fleet);
                    using var client = fleet is null ? perceptron : SharedAnswers.Wrap(perceptron, fleet.Cache);
                    var runner = new BatchRunner(client, task, subject, detailed, batch.Concurrency);
                    try
                    {
                        (succeeded, failed) = await runner.RunWithProgressAsync(context, pending, journal).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
                    {
                        cancelled = true;
                    }
                }
            }
            finally
            {
                if (fleet is not null)
                {
                    await fleet.DisposeAsync().ConfigureAwait(false);
                }
            }
        }

        journal.Dispose();
        var written = Exports(batch);
        var summary = new BatchSummary(found.Count, inShard.Count, inShard.Count - pending.Count, succeeded, failed, cancelled);
        Report(context, batch, summary, written);
        return cancelled ? ExitCodes.Cancelled : failed > 0 ? ExitCodes.ServiceError : ExitCodes.Success;
    }

    private static List<string> Exports(BatchSettings batch)
    {
        var written = new List<string>();
        if (batch.Coco is null && batch.Yolo is null)
        {
            return written;
        }

        var results = DatasetResults.Read([batch.Out]);
        if (batch.Coco is { } coco)
        {
            CocoWriter.Write(results, coco);
            written.Add(Path.GetFullPath(coco));
        }

        if (batch.Yolo is { } yolo)
        {
            YoloWriter.Write(results, yolo);
            written.Add(Path.GetFullPath(yolo));
        }

        return written;
    }

    private static void Report(CommandContext context, BatchSettings batch, BatchSummary s, List<string> written)
    {
        var results = Path.GetFullPath(batch.Out);
        if (context.Json)
        {
            JsonOutput.Write(context, new JsonObject
            {
                ["results"] = results,
                ["found"] = s.Found,
                ["inShard"] = s.InShard,
                ["skipped"] = s.Skipped,
                ["succeeded"] = s.Succeeded,
                ["failed"] = s.Failed,
                ["cancelled"] = s.Cancelled,
                ["exports"] = new JsonArray([.. written.Select(w => (JsonNode)w)]),
            });
            return;
        }

        var shard = batch.Shard.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $" ({s.InShard} in shard {batch.Shard.Index}/{batch.Shard.Count})") : "";
        context.Console.Out.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{s.Found} images{shard}: {s.Succeeded} done, {s.Failed} failed, {s.Skipped} skipped (already in the results). Results: {results}"));
        if (s.Failed > 0)
        {
            context.Console.Out.WriteLine("Failed images are recorded with their error in the results; run again with --retry-failed to retry them.");
        }

        if (s.Cancelled)
        {
            context.Console.Out.WriteLine("Stopped: every image finished so far is in the results; run the same command again to go on.");
        }

        foreach (var path in written)
        {
            context.Console.Out.WriteLine($"Wrote {path}");
        }
    }
}
