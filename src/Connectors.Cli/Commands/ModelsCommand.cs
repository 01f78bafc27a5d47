using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Connectors.Cli.Hosting;
using Connectors.Cli.Output;
using Connectors.Cli.Services;
using Spectre.Console;

namespace Connectors.Cli.Commands;

/// <summary><c>models</c>: the models a service offers, with their limits and capabilities.</summary>
internal static class ModelsCommand
{
    public static Command Create(CommandRunner runner)
    {
        var dialect = DialectOption.Create();
        var services = new ServiceOptions();
        var command = services.AddTo(new Command("models", "List the models of Perceptron or JamAI Base.") { dialect });
        return runner.Handle(command, async (context, parse) =>
        {
            var connector = await ServiceConnector.ConnectAsync(services.Read(parse), context.CancellationToken).ConfigureAwait(false);
            await using (connector.ConfigureAwait(false))
            {
                var rows = DialectOption.IsJamAI(parse.GetValue(dialect))
                    ? await JamAIModelsAsync(context, connector).ConfigureAwait(false)
                    : await PerceptronModelsAsync(context, connector).ConfigureAwait(false);
                Show(context, rows);
                return ExitCodes.Success;
            }
        });
    }

    private static async Task<List<ModelRow>> PerceptronModelsAsync(CommandContext context, ServiceConnector services)
    {
        using var client = services.CreatePerceptron();
        var models = await context.WithProgressAsync("Listing Perceptron models…", () => client.ListModelsAsync(context.CancellationToken)).ConfigureAwait(false);
        return [.. models.Select(m => new ModelRow(m.Id, m.Name, m.MaxContextTokens, m.MaxOutputTokens, [.. m.Capabilities, .. m.OutputFormats.Select(f => "output:" + f)]))];
    }

    private static async Task<List<ModelRow>> JamAIModelsAsync(CommandContext context, ServiceConnector services)
    {
        using var client = services.CreateJamAI();
        var models = await context.WithProgressAsync("Listing JamAI models…", () => client.ListModelsAsync(cancellationToken: context.CancellationToken)).ConfigureAwait(false);
        return [.. models.Select(m => new ModelRow(m.Id, m.Name, m.ContextLength, m.MaxOutputTokens, m.Capabilities))];
    }

    private static void Show(CommandContext context, List<ModelRow> rows)
    {
        if (context.Json)
        {
            JsonOutput.Write(context, new JsonArray([.. rows.Select(r => (JsonNode)new JsonObject
            {
                ["id"] = r.Id,
                ["name"] = r.Name,
                ["contextTokens"] = r.Context,
                ["maxOutputTokens"] = r.Output,
                ["capabilities"] = new JsonArray([.. r.Capabilities.Select(c => (JsonNode)c)]),
            })]));
            return;
        }

        // Ids are what people copy into --model: never wrapped; the other columns wrap on a narrow terminal.
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn(new TableColumn("id").NoWrap())
            .AddColumns("name", "context", "max output", "capabilities");
        foreach (var r in rows)
        {
            table.AddRow(
                Markup.Escape(r.Id),
                Markup.Escape(r.Name ?? ""),
                r.Context?.ToString(CultureInfo.InvariantCulture) ?? "?",
                r.Output?.ToString(CultureInfo.InvariantCulture) ?? "?",
                Markup.Escape(string.Join(", ", r.Capabilities)));
        }

        context.Console.Rich.Write(table);
    }

    private sealed record ModelRow(string Id, string? Name, long? Context, long? Output, IReadOnlyList<string> Capabilities);
}
