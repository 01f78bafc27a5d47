using System.Diagnostics;
using Connectors.Cli.Hosting;
using Connectors.Cli.Images;
using Connectors.Cli.Vision;
using Connectors.Core;
using Microsoft.Extensions.AI;
using Spectre.Console;

namespace Connectors.Cli.Batch;

/// <summary>What one batch run did.</summary>
internal sealed record BatchSummary(int Found, int InShard, int Skipped, int Succeeded, int Failed, bool Cancelled);

/// <summary>
/// Runs one vision task over many images with a bounded number in flight. Each worker reads one image, asks, writes
/// its line and lets the image go, so memory stays flat however many images there are. A failing image is recorded
/// and the batch goes on; credentials or quota refused stop it (every other image would fail the same way).
/// </summary>
internal sealed class BatchRunner(IChatClient client, VisionTask task, string? subject, bool detailed, int concurrency)
{
    /// <summary>Runs the task over <paramref name="pending"/>, appending to <paramref name="journal"/>.</summary>
    public async Task<(int Succeeded, int Failed)> RunAsync(
        IReadOnlyList<string> pending, BatchJournal journal, Action<int, int>? progress, CancellationToken cancellationToken)
    {
        var succeeded = 0;
        var failed = 0;
        await Parallel.ForEachAsync(
            pending,
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (path, ct) =>
            {
                if (await RunOneAsync(path, journal, ct).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref succeeded);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                }

                progress?.Invoke(Volatile.Read(ref succeeded), Volatile.Read(ref failed));
            }).ConfigureAwait(false);
        return (succeeded, failed);
    }

    private async Task<bool> RunOneAsync(string path, BatchJournal journal, CancellationToken cancellationToken)
    {
        try
        {
            var image = await ImageInput.LoadAsync(path, cancellationToken).ConfigureAwait(false);
            var request = VisionRequest.Create(task, image, subject, think: false, detailed);
            var response = await client.GetResponseAsync(request.Messages, request.Options, cancellationToken).ConfigureAwait(false);
            journal.WriteResult(path, VisionResult.From(response, image).ToJson());
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is not (ChatAuthenticationException or ChatQuotaExceededException))
        {
            var (message, exitCode) = ErrorReport.Describe(e);
            journal.WriteFailure(path, message, exitCode);
            return false;
        }
    }

    /// <summary>
    /// Runs with a live progress bar (rate, time left, failures) when a person watches a terminal; plainly otherwise.
    /// </summary>
    public async Task<(int Succeeded, int Failed)> RunWithProgressAsync(
        CommandContext context, IReadOnlyList<string> pending, BatchJournal journal)
    {
        if (context.Json || !context.Console.IsTerminal || pending.Count == 0)
        {
            return await RunAsync(pending, journal, null, context.CancellationToken).ConfigureAwait(false);
        }

        var name = task.ToString().ToLowerInvariant();
        return await context.Console.Rich.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var bar = progress.AddTask(name, maxValue: pending.Count);
                var clock = Stopwatch.StartNew();
                return await RunAsync(
                    pending,
                    journal,
                    (ok, failed) =>
                    {
                        var done = ok + failed;
                        var rate = done / Math.Max(clock.Elapsed.TotalSeconds, 0.001);
                        bar.Value = done;
                        bar.Description = Markup.Escape(FormattableString.Invariant($"{name} {done}/{pending.Count}, {rate:F1}/s, {failed} failed"));
                    },
                    context.CancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
    }
}
