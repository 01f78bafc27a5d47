using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Connectors.Cli.Hosting;
using Connectors.Cli.Output;
using Connectors.Cli.Services;
using Connectors.Perceptron;
using Microsoft.Extensions.AI;
using Spectre.Console;

namespace Connectors.Cli.Commands;

/// <summary><c>files upload|list|rm</c>: Perceptron's Files API, for media past the 20 MB of a chat request.</summary>
internal static class FilesCommand
{
    public static Command Create(CommandRunner runner)
    {
        var command = new Command("files", "Upload, list and delete Perceptron files (media referred to by id in chats; files never expire).");
        command.Subcommands.Add(Upload(runner));
        command.Subcommands.Add(List(runner));
        command.Subcommands.Add(Remove(runner));
        return command;
    }

    private static Command Upload(CommandRunner runner)
    {
        var path = new Argument<string>("path") { Description = "The file: jpeg, png, webp, mp4, mov, webm, wav, mp3 or flac, up to 128 MiB." };
        var purpose = PurposeOption("What the file is for: vision (media for chats, the default) or user_data.");
        var services = new ServiceOptions();
        var command = services.AddTo(new Command("upload", "Upload a file; prints its id.") { path, purpose });
        return runner.Handle(command, async (context, parse) =>
        {
            var info = new FileInfo(parse.GetValue(path)!);
            if (!info.Exists)
            {
                throw new CliException($"No file at '{info.FullName}': check the path.");
            }

            if (info.Length > PerceptronFileClient.MaxFileBytes)
            {
                throw new CliException($"'{info.Name}' is {info.Length / (1024 * 1024)} MiB; Perceptron files hold up to {PerceptronFileClient.MaxFileBytes / (1024 * 1024)} MiB: split or compress it.");
            }

            var connector = await ServiceConnector.ConnectAsync(services.Read(parse), context.CancellationToken).ConfigureAwait(false);
            await using var _ = connector.ConfigureAwait(false);
            using var files = connector.CreatePerceptronFiles();
            var stream = info.OpenRead(); // streamed from disk with its length, never read into memory
            await using var __ = stream.ConfigureAwait(false);
            var options = new HostedFileClientOptions { Purpose = Purpose(parse.GetValue(purpose)) ?? PerceptronFileClient.VisionPurpose };
            var file = await context.WithProgressAsync($"Uploading {info.Name}…", () => files.UploadAsync(stream, null, info.Name, options, context.CancellationToken)).ConfigureAwait(false);
            if (context.Json)
            {
                JsonOutput.Write(context, ToJson(file));
                return ExitCodes.Success;
            }

            context.Console.Rich.MarkupLine($"Uploaded {Markup.Escape(info.Name)} ({Size(file.SizeInBytes)}, {Markup.Escape(file.MediaType ?? "unknown type")}) as [bold]{Markup.Escape(file.FileId)}[/]");
            if (connector.PerceptronOnEmulator && connector.Emulator is not null)
            {
                // The in-process emulator keeps files only while this command runs.
                context.Console.Rich.MarkupLine("[yellow]This went to the emulator started for this command, and is gone when it ends: set PERCEPTRON_API_KEY, or give --endpoint of a running emulator (connectors emulator --data folder).[/]");
            }

            return ExitCodes.Success;
        });
    }

    private static Command List(CommandRunner runner)
    {
        var purpose = PurposeOption("Only files of this purpose: vision or user_data.");
        var limit = new Option<int?>("--limit") { Description = "At most this many files (newest first); all when absent.", HelpName = "n" };
        var services = new ServiceOptions();
        var command = services.AddTo(new Command("list", "List uploaded files, newest first.") { purpose, limit });
        return runner.Handle(command, async (context, parse) =>
        {
            if (parse.GetValue(limit) is < 1 and var bad)
            {
                throw new CliException($"--limit {bad} is out of range: give 1 or more.");
            }

            var connector = await ServiceConnector.ConnectAsync(services.Read(parse), context.CancellationToken).ConfigureAwait(false);
            await using var _ = connector.ConfigureAwait(false);
            using var files = connector.CreatePerceptronFiles();
            var options = new HostedFileClientOptions { Purpose = Purpose(parse.GetValue(purpose)), Limit = parse.GetValue(limit) };
            var list = await context.WithProgressAsync("Listing files…", async () => await files.ListFilesAsync(options, context.CancellationToken).ToListAsync(context.CancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            if (context.Json)
            {
                JsonOutput.Write(context, new JsonArray([.. list.Select(f => (JsonNode)ToJson(f))]));
                return ExitCodes.Success;
            }

            if (list.Count == 0)
            {
                context.Console.Rich.MarkupLine("No files.");
                return ExitCodes.Success;
            }

            // Ids are what people copy: never wrapped.
            var table = new Table().Border(TableBorder.Rounded).AddColumn(new TableColumn("id").NoWrap()).AddColumns("name", "size", "purpose", "created");
            foreach (var f in list)
            {
                table.AddRow(Markup.Escape(f.FileId), Markup.Escape(f.Name ?? ""), Size(f.SizeInBytes), Markup.Escape(f.Purpose ?? ""), f.CreatedAt?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "");
            }

            context.Console.Rich.Write(table);
            return ExitCodes.Success;
        });
    }

    private static Command Remove(CommandRunner runner)
    {
        var ids = new Argument<string[]>("ids") { Description = "The ids of the files to delete (file-…).", Arity = ArgumentArity.OneOrMore };
        var services = new ServiceOptions();
        var command = services.AddTo(new Command("rm", "Delete files; chats that refer to them fail afterwards.") { ids });
        return runner.Handle(command, async (context, parse) =>
        {
            var connector = await ServiceConnector.ConnectAsync(services.Read(parse), context.CancellationToken).ConfigureAwait(false);
            await using var _ = connector.ConfigureAwait(false);
            using var files = connector.CreatePerceptronFiles();
            var results = new JsonArray();
            var missing = 0;
            foreach (var id in parse.GetValue(ids)!)
            {
                bool deleted;
                try
                {
                    deleted = await files.DeleteAsync(id, cancellationToken: context.CancellationToken).ConfigureAwait(false);
                }
                catch (ArgumentException e)
                {
                    throw new CliException(ErrorReport.PlainMessage(e), ExitCodes.Usage, e);
                }

                missing += deleted ? 0 : 1;
                results.Add((JsonNode)new JsonObject { ["id"] = id, ["deleted"] = deleted });
                if (!context.Json)
                {
                    context.Console.Rich.MarkupLine(deleted ? $"Deleted {Markup.Escape(id)}" : $"[yellow]No file {Markup.Escape(id)}[/]");
                }
            }

            if (context.Json)
            {
                JsonOutput.Write(context, results);
            }

            return missing == 0 ? ExitCodes.Success : ExitCodes.ServiceError; // a missing id is a failure a script should see
        });
    }

    private static Option<string?> PurposeOption(string description) => new("--purpose") { Description = description, HelpName = "purpose" };

    private static string? Purpose(string? value) => value switch
    {
        null => null,
        PerceptronFileClient.VisionPurpose or PerceptronFileClient.UserDataPurpose => value,
        _ => throw new CliException($"--purpose {value} is not a Perceptron purpose: give vision or user_data.", ExitCodes.Usage),
    };

    private static JsonObject ToJson(HostedFileContent file) => new()
    {
        ["id"] = file.FileId,
        ["name"] = file.Name,
        ["bytes"] = file.SizeInBytes,
        ["purpose"] = file.Purpose,
        ["mediaType"] = file.MediaType,
        ["createdAt"] = file.CreatedAt?.ToString("O", CultureInfo.InvariantCulture),
    };

    private static string Size(long? bytes) => bytes switch
    {
        null => "?",
        >= 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB"),
        >= 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };
}
