using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Connectors.Cli.Hosting;
using Connectors.Cli.Output;
using Connectors.Cli.Services;
using Spectre.Console;

namespace Connectors.Cli.Commands;

/// <summary><c>knowledge create|add|search</c>: the JamAI Base Knowledge Tables that <c>chat --rag</c> answers from.</summary>
internal static class KnowledgeCommand
{
    /// <summary>The largest file <c>knowledge add</c> uploads.</summary>
    private const long MaxFileBytes = 50L * 1024 * 1024;

    public static Command Create(CommandRunner runner)
    {
        var command = new Command("knowledge", "Create, fill and search JamAI Base Knowledge Tables (the tables chat --rag answers from).");
        command.Subcommands.Add(CreateTable(runner));
        command.Subcommands.Add(Add(runner));
        command.Subcommands.Add(Search(runner));
        return command;
    }

    private static Command CreateTable(CommandRunner runner)
    {
        var table = TableArgument();
        var model = new Option<string?>("--embedding-model") { Description = "The embedding model for the table's vectors; the server's default when absent.", HelpName = "model" };
        var services = new ServiceOptions();
        var command = services.AddTo(new Command("create", "Create a Knowledge Table.") { table, model });
        return runner.Handle(command, async (context, parse) =>
        {
            var connector = await ServiceConnector.ConnectAsync(services.Read(parse), context.CancellationToken).ConfigureAwait(false);
            await using var _ = connector.ConfigureAwait(false);
            using var knowledge = connector.CreateJamAIKnowledge();
            var created = await context.WithProgressAsync("Creating the table…", () => knowledge.CreateTableAsync(parse.GetValue(table)!, parse.GetValue(model), context.CancellationToken)).ConfigureAwait(false);
            Report(context, new JsonObject { ["table"] = created.Id }, $"Created Knowledge Table '{created.Id}'.");
            return ExitCodes.Success;
        });
    }

    private static Command Add(CommandRunner runner)
    {
        var table = TableArgument();
        var files = new Argument<string[]>("files") { Description = "Documents to add (PDF, Word, Markdown, text, …); the server splits them into rows.", Arity = ArgumentArity.OneOrMore };
        var services = new ServiceOptions();
        var command = services.AddTo(new Command("add", "Add documents to a Knowledge Table.") { table, files });
        return runner.Handle(command, async (context, parse) =>
        {
            var paths = parse.GetValue(files)!;
            foreach (var path in paths)
            {
                var info = new FileInfo(path);
                if (!info.Exists)
                {
                    throw new CliException($"No file at '{info.FullName}': check the path.");
                }

                if (info.Length > MaxFileBytes)
                {
                    throw new CliException($"'{path}' is {info.Length / (1024 * 1024)} MB; files up to {MaxFileBytes / (1024 * 1024)} MB are uploaded: split it.");
                }
            }

            var connector = await ServiceConnector.ConnectAsync(services.Read(parse), context.CancellationToken).ConfigureAwait(false);
            await using var _ = connector.ConfigureAwait(false);
            using var knowledge = connector.CreateJamAIKnowledge();
            var tableId = parse.GetValue(table)!;
            foreach (var path in paths)
            {
                var bytes = await File.ReadAllBytesAsync(path, context.CancellationToken).ConfigureAwait(false);
                await context.WithProgressAsync($"Adding {Path.GetFileName(path)}…", async () =>
                {
                    await knowledge.EmbedFileAsync(tableId, Path.GetFileName(path), bytes, context.CancellationToken).ConfigureAwait(false);
                    return true;
                }).ConfigureAwait(false);
            }

            Report(context, new JsonObject { ["table"] = tableId, ["files"] = paths.Length }, $"Added {paths.Length} file(s) to '{tableId}'.");
            return ExitCodes.Success;
        });
    }

    private static Command Search(CommandRunner runner)
    {
        var table = TableArgument();
        var query = new Argument<string>("query") { Description = "What to look for." };
        var limit = new Option<int>("--limit") { Description = "How many rows at most (1 to 1000).", DefaultValueFactory = _ => 5, HelpName = "n" };
        var services = new ServiceOptions();
        var command = services.AddTo(new Command("search", "Search a Knowledge Table the way retrieval does.") { table, query, limit });
        return runner.Handle(command, async (context, parse) =>
        {
            var count = parse.GetValue(limit);
            if (count is < 1 or > 1000)
            {
                throw new CliException($"--limit {count} is out of range: give 1 to 1000.");
            }

            var connector = await ServiceConnector.ConnectAsync(services.Read(parse), context.CancellationToken).ConfigureAwait(false);
            await using var _ = connector.ConfigureAwait(false);
            using var knowledge = connector.CreateJamAIKnowledge();
            var rows = await context.WithProgressAsync("Searching…", () => knowledge.SearchAsync(parse.GetValue(table)!, parse.GetValue(query)!, count, context.CancellationToken)).ConfigureAwait(false);
            if (context.Json)
            {
                JsonOutput.Write(context, new JsonArray([.. rows.Select(r => (JsonNode)new JsonObject
                {
                    ["id"] = r.Id,
                    ["title"] = r.Title,
                    ["text"] = r.Text,
                    ["page"] = r.Page,
                    ["file"] = r.FileId,
                })]));
                return ExitCodes.Success;
            }

            if (rows.Count == 0)
            {
                context.Console.Rich.MarkupLine("No row matches.");
            }

            foreach (var (row, rank) in rows.Select((r, i) => (r, i + 1)))
            {
                context.Console.Rich.MarkupLineInterpolated($"{rank.ToString(CultureInfo.InvariantCulture)}. [bold]{(row.Title.Length > 0 ? row.Title : "(untitled)")}[/]: {row.Text}");
            }

            return ExitCodes.Success;
        });
    }

    private static Argument<string> TableArgument() => new("table") { Description = "The Knowledge Table's id." };

    private static void Report(CommandContext context, JsonObject json, string text)
    {
        if (context.Json)
        {
            JsonOutput.Write(context, json);
        }
        else
        {
            context.Console.Rich.MarkupLine(Markup.Escape(text));
        }
    }
}
