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
        app.MapGet(Root, (HttpContext c) => WithAuth(c, state, () => ListAsync(c, state)));
        app.MapPost(Root, (HttpContext c) => WithAuth(c, state, () => CreateAsync(c, state)));
        app.MapDelete(Root + "/{tableId}", (HttpContext c, string tableId) => WithAuth(c, state, () => DeleteAsync(c, state, tableId)));
        app.MapPost(Root + "/rows/add", (HttpContext c) => WithAuth(c, state, () => AddRowsAsync(c, state)));
        app.MapPost(Root + "/{tableId}/documents", (HttpContext c, string tableId) => WithAuth(c, state, () => AddDocumentAsync(c, state, tableId)));
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
        using var doc = await ReadJsonAsync(context).ConfigureAwait(false);
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
        if (!state.Knowledge.Remove(tableId))
        {
            await JamAIResponder.ErrorAsync(context, new JamAIFailure(404, "resource_not_found", $"Table \"{tableId}\" is not found.")).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    private static async Task AddRowsAsync(HttpContext context, EmulatorState state)
    {
        using var doc = await ReadJsonAsync(context).ConfigureAwait(false);
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
            ids.Add(table.AddRow(new KnowledgeRow { Title = Get(row, "Title") ?? "", Text = text, Page = page, FileName = fileName, FilePath = fileName }).ChunkId);
        }

        await context.Response.WriteAsJsonAsync(new JRowsAdded("gen_table.rows", ids), JamAIJson.Wire.JRowsAdded, contentType: "application/json", context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task AddDocumentAsync(HttpContext context, EmulatorState state, string tableId)
    {
        using var doc = await ReadJsonAsync(context).ConfigureAwait(false);
        var root = doc?.RootElement ?? default;
        var fileName = root.ValueKind == JsonValueKind.Object ? Get(root, "file_name") : null;
        var text = root.ValueKind == JsonValueKind.Object ? Get(root, "text") : null;
        if (fileName is null || text is null)
        {
            await JamAIResponder.ErrorAsync(context, JamAIFailure.Validation([new JFieldError("missing", "file_name and text are required", ["body"], null)])).ConfigureAwait(false);
            return;
        }

        var rows = state.Knowledge.GetOrCreate(tableId).AddDocument(fileName, text);
        await context.Response.WriteAsJsonAsync(new JRowsAdded("gen_table.rows", [.. rows.Select(r => r.ChunkId)]), JamAIJson.Wire.JRowsAdded, contentType: "application/json", context.RequestAborted).ConfigureAwait(false);
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

    private static async Task<JsonDocument?> ReadJsonAsync(HttpContext context)
    {
        var body = await HttpHelpers.ReadBodyAsync(context, HttpHelpers.MaxBodyBytes).ConfigureAwait(false);
        try
        {
            return body is null ? null : JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
