using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Core;
using Microsoft.Extensions.Logging;

namespace Connectors.JamAI;

/// <summary>
/// Knowledge Tables: the tables that <see cref="JamAIChatOptionsExtensions.WithRag(Microsoft.Extensions.AI.ChatOptions, RagParams)"/>
/// searches. Create one, add a file or rows, search it, delete it — with the chat client's credentials, headers,
/// retries and typed errors (<c>{endpoint}/v2/gen_tables/knowledge</c>).
/// </summary>
public sealed class JamAIKnowledgeClient : IDisposable
{
    private const string Root = "v2/gen_tables/knowledge";
    private readonly ChatCompletionsEngine _engine;

    /// <summary>Creates a client.</summary>
    /// <param name="options">Endpoint, credentials and project, as for <see cref="JamAIChatClient"/>; copied.</param>
    /// <param name="httpClient">The HTTP client to send with (not disposed by this client); a shared one when null.</param>
    /// <param name="logger">Receives debug entries about retries.</param>
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    public JamAIKnowledgeClient(JamAIClientOptions options, HttpClient? httpClient = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _engine = new ChatCompletionsEngine(JamAIProfile.Create(options.Clone()), httpClient, logger);
    }

    /// <summary>Creates a Knowledge Table.</summary>
    /// <param name="tableId">The table's id, used in <see cref="RagParams.TableId"/>.</param>
    /// <param name="embeddingModel">The embedding model for its vectors; null lets the server choose.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new table.</returns>
    public async Task<JamAIKnowledgeTable> CreateTableAsync(string tableId, string? embeddingModel = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableId);
        var body = new JsonObject { ["id"] = tableId, ["cols"] = new JsonArray() };
        if (!string.IsNullOrEmpty(embeddingModel))
        {
            body["embedding_model"] = embeddingModel;
        }

        using var reply = await SendAsync(HttpMethod.Post, Root, body, cancellationToken).ConfigureAwait(false);
        return Table(reply.RootElement);
    }

    /// <summary>Reads a table's id and row count.</summary>
    /// <param name="tableId">The table's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The table.</returns>
    public async Task<JamAIKnowledgeTable> GetTableAsync(string tableId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableId);
        using var reply = await _engine.GetJsonAsync($"{Root}?table_id={Uri.EscapeDataString(tableId)}", cancellationToken).ConfigureAwait(false);
        return Table(reply.RootElement);
    }

    /// <summary>Lists the project's Knowledge Tables.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The tables.</returns>
    public async Task<IReadOnlyList<JamAIKnowledgeTable>> ListTablesAsync(CancellationToken cancellationToken = default)
    {
        using var reply = await _engine.GetJsonAsync($"{Root}/list", cancellationToken).ConfigureAwait(false);
        var items = reply.RootElement.ValueKind == JsonValueKind.Object && reply.RootElement.TryGetProperty("items", out var list) ? list : reply.RootElement;
        return items.ValueKind == JsonValueKind.Array ? [.. items.EnumerateArray().Select(Table)] : throw Unreadable("a table listing");
    }

    /// <summary>Deletes a table and its rows.</summary>
    /// <param name="tableId">The table's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the table is gone.</returns>
    public async Task DeleteTableAsync(string tableId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableId);
        using var _ = await _engine.SendJsonAsync(HttpMethod.Delete, $"{Root}?table_id={Uri.EscapeDataString(tableId)}", (Func<HttpContent>?)null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds rows (title and text each) and waits for them to be embedded.</summary>
    /// <param name="tableId">The table's id.</param>
    /// <param name="rows">The rows.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the rows are in the table.</returns>
    public async Task AddRowsAsync(string tableId, IEnumerable<JamAIKnowledgeRow> rows, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableId);
        ArgumentNullException.ThrowIfNull(rows);
        var data = new JsonArray();
        foreach (var row in rows)
        {
            ArgumentNullException.ThrowIfNull(row, nameof(rows));
            var item = new JsonObject { ["Title"] = row.Title, ["Text"] = row.Text };
            if (row.Page is { } page)
            {
                item["Page"] = page;
            }

            data.Add((JsonNode)item);
        }

        if (data.Count == 0)
        {
            throw new ArgumentException("Give at least one row.", nameof(rows));
        }

        // Unstreamed: the server otherwise answers with a stream of progress events.
        var body = new JsonObject { ["table_id"] = tableId, ["data"] = data, ["stream"] = false };
        using var _ = await SendAsync(HttpMethod.Post, $"{Root}/rows/add", body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Uploads a document (PDF, text, Markdown, …) that the server splits into rows and embeds.</summary>
    /// <param name="tableId">The table's id.</param>
    /// <param name="fileName">The file's name, with the extension that tells its type.</param>
    /// <param name="content">The file's bytes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the server has taken the file.</returns>
    public async Task EmbedFileAsync(string tableId, string fileName, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableId);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        HttpContent Upload()
        {
            // Every part has a length, so the upload goes out with Content-Length.
            var file = new ReadOnlyMemoryContent(content);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            return new MultipartFormDataContent
            {
                { file, "file", fileName },
                { new StringContent(tableId), "table_id" },
            };
        }

        using var _ = await _engine.SendJsonAsync(HttpMethod.Post, $"{Root}/embed_file", Upload, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Finds the rows that best match a query (full text and vectors, as retrieval does).</summary>
    /// <param name="tableId">The table's id.</param>
    /// <param name="query">The query.</param>
    /// <param name="limit">How many rows at most, 1 to 1000.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The rows, best first.</returns>
    public async Task<IReadOnlyList<JamAIKnowledgeRow>> SearchAsync(string tableId, string query, int limit = 10, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableId);
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 1000);
        var body = new JsonObject { ["table_id"] = tableId, ["query"] = query, ["limit"] = limit };
        using var reply = await SendAsync(HttpMethod.Post, $"{Root}/hybrid_search", body, cancellationToken).ConfigureAwait(false);
        if (reply.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw Unreadable("search results");
        }

        return [.. reply.RootElement.EnumerateArray().Where(static r => r.ValueKind == JsonValueKind.Object).Select(Row)];
    }

    /// <inheritdoc />
    public void Dispose() => _engine.Dispose();

    private Task<JsonDocument> SendAsync(HttpMethod method, string path, JsonObject body, CancellationToken cancellationToken) =>
        _engine.SendJsonAsync(method, path, JsonSerializer.SerializeToUtf8Bytes(body, JamAIJsonContext.Default.JsonObject), cancellationToken);

    private static JamAIKnowledgeTable Table(JsonElement table) =>
        table.ValueKind == JsonValueKind.Object && table.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
            ? new JamAIKnowledgeTable(id.GetString()!, table.TryGetProperty("num_rows", out var n) && n.TryGetInt32(out var rows) ? rows : null)
            : throw Unreadable("a table");

    /// <summary>A search result row: the server names columns as the table shows them (<c>Title</c>, <c>Text</c>, <c>File ID</c>, ...).</summary>
    private static JamAIKnowledgeRow Row(JsonElement row) => new(Text(row, "Title") ?? string.Empty, Text(row, "Text") ?? string.Empty)
    {
        Id = Text(row, "ID"),
        FileId = Text(row, "File ID") is { Length: > 0 } file ? file : null,
        Page = Text(row, "Page") is { } page && int.TryParse(page, NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) ? p : null,
    };

    private static string? Text(JsonElement row, string column) =>
        row.TryGetProperty(column, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;

    private static ChatServiceException Unreadable(string what) => new($"jamai answered with {what} this client cannot read.") { ProviderName = "jamai" };
}

/// <summary>A Knowledge Table.</summary>
public sealed class JamAIKnowledgeTable
{
    // Made by the client from the gateway's answers.
    internal JamAIKnowledgeTable(string id, int? rowCount)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        Id = id;
        RowCount = rowCount;
    }

    /// <summary>The table's id.</summary>
    public string Id { get; }

    /// <summary>How many rows it holds, when the server said.</summary>
    public int? RowCount { get; }
}

/// <summary>A Knowledge Table row: a title and a text, as added or as found by a search.</summary>
public sealed class JamAIKnowledgeRow
{
    /// <summary>Creates a row.</summary>
    /// <param name="title">The row's title (a heading or document title); may be empty.</param>
    /// <param name="text">The row's text.</param>
    public JamAIKnowledgeRow(string title, string text)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(text);
        Title = title;
        Text = text;
    }

    /// <summary>The row's title.</summary>
    public string Title { get; }

    /// <summary>The row's text.</summary>
    public string Text { get; }

    /// <summary>The row's id, for found rows.</summary>
    public string? Id { get; internal init; }

    /// <summary>The page the text came from, when the source has pages.</summary>
    public int? Page { get; init; }

    /// <summary>The stored file the row came from (<c>s3://…</c>), for found rows made from a file.</summary>
    public string? FileId { get; internal init; }
}
