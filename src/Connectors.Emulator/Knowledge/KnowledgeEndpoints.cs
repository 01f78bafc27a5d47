using System.Text.Json;
using Connectors.Emulator.Hosting;
using Connectors.Emulator.JamAI;

namespace Connectors.Emulator.Knowledge;

/// <summary>Knowledge Table management under <c>/api/v2/gen_tables/knowledge</c>, enough to create tables and add rows over HTTP.</summary>
internal static class KnowledgeEndpoints
{
    private const string Root = "/api/v2/gen_tables/knowledge";

    public static void Map(IEndpointRouteBuilder app, EmulatorState state)
    {
        // The routes of the current server: a table is named by the table_id query parameter or body field.
        app.MapGet(Root + "/list", (HttpContext c) => WithAuth(c, state, () => ListAsync(c, state)));
        app.MapGet(Root, (HttpContext c) => WithAuth(c, state, () => WithTable(c, state, c.Request.Query["table_id"].ToString(), table => GetAsync(c, table))));
        app.MapPost(Root, (HttpContext c) => WithAuth(c, state, () => CreateAsync(c, state)));
        app.MapDelete(Root, (HttpContext c) => WithAuth(c, state, () => DeleteAsync(c, state, c.Request.Query["table_id"].ToString())));
        app.MapPost(Root + "/rows/add", (HttpContext c) => WithAuth(c, state, () => AddRowsAsync(c, state)));
        app.MapPost(Root + "/embed_file", (HttpContext c) => WithAuth(c, state, () => EmbedFileAsync(c, state)));
        app.MapPost(Root + "/hybrid_search", (HttpContext c) => WithAuth(c, state, () => SearchAsync(c, state)));
    }

    private static async Task WithTable(HttpContext context, EmulatorState state, string? tableId, Func<KnowledgeTable, Task> next)
    {
        if (string.IsNullOrEmpty(tableId))
        {
            await JamAIResponder.ErrorAsync(context, JamAIFailure.Validation([new JFieldError("missing", "Field required", ["query", "table_id"], null)])).ConfigureAwait(false);
        }
        else if (!state.Knowledge.TryGet(tableId, out var table))
        {
            await JamAIResponder.ErrorAsync(context, new JamAIFailure(404, "resource_not_found", $"Table \"{tableId}\" is not found.")).ConfigureAwait(false);
        }
        else
        {
            await next(table).ConfigureAwait(false);
        }
    }

    private static Task GetAsync(HttpContext context, KnowledgeTable table) =>
        context.Response.WriteAsJsonAsync(new JTableInfo(table.Id, table.Rows.Count), JamAIJson.Wire.JTableInfo, contentType: "application/json", context.RequestAborted);

    /// <summary>A multipart upload (<c>file</c>, <c>table_id</c>) of a text or Markdown file, split into rows by paragraphs.</summary>
    private static async Task EmbedFileAsync(HttpContext context, EmulatorState state)
    {
        if (!context.Request.HasFormContentType)
        {
            await JamAIResponder.ErrorAsync(context, JamAIFailure.Validation([new JFieldError("missing", "Field required", ["body", "file"], null)])).ConfigureAwait(false);
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var file = form.Files.GetFile("file");
        var tableId = form["table_id"].ToString();
        if (file is null || tableId.Length == 0)
        {
            await JamAIResponder.ErrorAsync(context, JamAIFailure.Validation([new JFieldError("missing", "Field required", ["body", file is null ? "file" : "table_id"], null)])).ConfigureAwait(false);
            return;
        }

        if (Path.GetExtension(file.FileName).ToLowerInvariant() is not (".md" or ".txt"))
        {
            // The server embeds PDFs, Office files and more; the emulator reads text only.
            await JamAIResponder.ErrorAsync(context, new JamAIFailure(415, "unsupported_media_type", $"The emulator embeds .md and .txt files, not \"{file.FileName}\".")).ConfigureAwait(false);
            return;
        }

        await WithTable(context, state, tableId, async table =>
        {
            using var reader = new StreamReader(file.OpenReadStream());
            table.AddDocument(file.FileName, await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false));
            await context.Response.WriteAsJsonAsync(new JEmbedFile(true, $"{tableId}-{Guid.NewGuid():N}"), JamAIJson.Wire.JEmbedFile, contentType: "application/json", context.RequestAborted).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>The best rows for a query, as rows keyed by column name (<c>ID</c>, <c>Title</c>, <c>Text</c>, <c>File ID</c>, <c>Page</c>).</summary>
    private static async Task SearchAsync(HttpContext context, EmulatorState state)
    {
        using var doc = await HttpHelpers.ReadJsonAsync(context).ConfigureAwait(false);
        var root = doc?.RootElement ?? default;
        var tableId = Get(root, "table_id");
        var query = Get(root, "query");
        var limit = Get(root, "limit") is { } l && int.TryParse(l, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 100;
        if (query is null || limit is < 1 or > 1000)
        {
            await JamAIResponder.ErrorAsync(context, JamAIFailure.Validation([new JFieldError("missing", "query is required and limit is 1 to 1000", ["body"], null)])).ConfigureAwait(false);
            return;
        }

        await WithTable(context, state, tableId, async table =>
        {
            var project = context.Request.Headers["X-PROJECT-ID"].ToString();
            var rows = table.Search(query, limit).Select(r => new Dictionary<string, object?>
            {
                ["ID"] = r.ChunkId,
                ["Title"] = r.Title,
                ["Text"] = r.Text,
                ["File ID"] = KnowledgeFiles.StoredAddress(project, r),
                ["Page"] = r.Page,
            }).ToList();
            await context.Response.WriteAsJsonAsync(rows, JamAIJson.Wire.ListDictionaryStringObject, contentType: "application/json", context.RequestAborted).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private static async Task WithAuth(HttpContext context, EmulatorState state, Func<Task> next)
    {
        if (await JamAIEndpoints.AuthorizeAsync(context, state).ConfigureAwait(false) is not null)
        {
            await next().ConfigureAwait(false);
        }
    }

    private static Task ListAsync(HttpContext context, EmulatorState state)
    {
        var items = state.Knowledge.Tables.Select(t => new JTableInfo(t.Id, t.Rows.Count)).ToList();
        return context.Response.WriteAsJsonAsync(new JTablePage(items, items.Count), JamAIJson.Wire.JTablePage, contentType: "application/json", context.RequestAborted);
    }

    private static async Task CreateAsync(HttpContext context, EmulatorState state)
    {
        using var doc = await HttpHelpers.ReadJsonAsync(context).ConfigureAwait(false);
        var id = doc?.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
        if (string.IsNullOrWhiteSpace(id))
        {
            await JamAIResponder.ErrorAsync(context, JamAIFailure.Validation([new JFieldError("missing", "Field required", ["body", "id"], null)])).ConfigureAwait(false);
            return;
        }

        if (state.Knowledge.TryGet(id, out _))
        {
            await JamAIResponder.ErrorAsync(context, new JamAIFailure(409, "resource_exists", $"Table \"{id}\" already exists.")).ConfigureAwait(false);
            return;
        }

        var table = state.Knowledge.GetOrCreate(id);
        await context.Response.WriteAsJsonAsync(new JTableInfo(table.Id, 0), JamAIJson.Wire.JTableInfo, contentType: "application/json", context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task DeleteAsync(HttpContext context, EmulatorState state, string tableId)
    {
        if (tableId.Length == 0 || !state.Knowledge.Remove(tableId))
        {
            await JamAIResponder.ErrorAsync(context, new JamAIFailure(404, "resource_not_found", $"Table \"{tableId}\" is not found.")).ConfigureAwait(false);
            return;
        }

        await context.Response.WriteAsJsonAsync(new JOk(true), JamAIJson.Wire.JOk, contentType: "application/json", context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task AddRowsAsync(HttpContext context, EmulatorState state)
    {
        using var doc = await HttpHelpers.ReadJsonAsync(context).ConfigureAwait(false);
        var root = doc?.RootElement ?? default;
        var tableId = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("table_id", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array || string.IsNullOrEmpty(tableId))
        {
            await JamAIResponder.ErrorAsync(context, JamAIFailure.Validation([new JFieldError("missing", "table_id and a data array are required", ["body"], null)])).ConfigureAwait(false);
            return;
        }

        if (!state.Knowledge.TryGet(tableId, out var table))
        {
            await JamAIResponder.ErrorAsync(context, new JamAIFailure(404, "resource_not_found", $"Table \"{tableId}\" is not found.")).ConfigureAwait(false);
            return;
        }

        var ids = new List<string>();
        foreach (var row in data.EnumerateArray())
        {
            var text = Get(row, "Text");
            if (text is null)
            {
                continue;
            }

            var page = Get(row, "Page") is { } p && int.TryParse(p, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 1;
            var fileName = Get(row, "File Name") ?? Get(row, "file_name") ?? "";
            ids.Add(table.AddRow(new KnowledgeRow(Get(row, "Title") ?? "", text, fileName, page)).ChunkId);
        }

        await context.Response.WriteAsJsonAsync(new JRowsAdded("gen_table.rows", ids), JamAIJson.Wire.JRowsAdded, contentType: "application/json", context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>A property by name, ignoring case; numbers come back as their text.</summary>
    private static string? Get(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var p in obj.EnumerateObject())
        {
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return p.Value.ValueKind switch
                {
                    JsonValueKind.String => p.Value.GetString(),
                    JsonValueKind.Number => p.Value.GetRawText(),
                    _ => null,
                };
            }
        }

        return null;
    }
}
