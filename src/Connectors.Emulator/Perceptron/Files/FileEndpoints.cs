using System.Globalization;
using System.Text;
using Connectors.Emulator.Faults;
using Connectors.Emulator.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Connectors.Emulator.Perceptron.Files;

/// <summary>
/// The Files API under <c>/v1/files</c>: multipart uploads with a known length (411 for chunked ones), 413 above the
/// per-file cap or the storage quota, paged lists, retrieval, content and deletion, in the API's JSON shapes.
/// </summary>
internal static class FileEndpoints
{
    /// <summary>Room for the multipart boundaries and the purpose field around the file.</summary>
    private const long MultipartOverhead = 64 * 1024;
    private const int MaxListLimit = 10_000;
    private static readonly string[] Purposes = ["vision", "user_data"];

    public static void Map(IEndpointRouteBuilder app, EmulatorState state)
    {
        var limits = state.FileLimits;
        app.MapPost("/v1/files", (HttpContext context) => Admitted(context, state, limits.Upload, () => UploadAsync(context, state.Files)));
        app.MapGet("/v1/files", (HttpContext context) => Admitted(context, state, limits.List, () => ListAsync(context, state.Files)));
        app.MapGet("/v1/files/{id}", (HttpContext context, string id) => Admitted(context, state, limits.Retrieve, () => RetrieveAsync(context, state.Files, id)));
        app.MapGet("/v1/files/{id}/content", (HttpContext context, string id) => Admitted(context, state, limits.Content, () => ContentAsync(context, state.Files, id)));
        app.MapDelete("/v1/files/{id}", (HttpContext context, string id) => Admitted(context, state, limiter: null, () => DeleteAsync(context, state.Files, id)));
    }

    /// <summary>A refused upload is answered before its body is read, as a gateway does.</summary>
    private static async Task Admitted(HttpContext context, EmulatorState state, KeyRateLimiter? limiter, Func<Task> handle)
    {
        if (await PerceptronEndpoints.KeyWithinLimitAsync(context, state, limiter).ConfigureAwait(false))
        {
            await handle().ConfigureAwait(false);
        }
    }

    private static async Task UploadAsync(HttpContext context, FileStore files)
    {
        var request = context.Request;
        if (request.ContentLength is not { } length)
        {
            // As the API: an upload must say its length up front (a chunked body is refused).
            await Fail(context, 411, "Uploads must have a Content-Length header; chunked transfer encoding is not supported.", null, "length_required").ConfigureAwait(false);
            return;
        }

        if (length > files.MaxFileBytes + MultipartOverhead)
        {
            await Fail(context, 413, TooLarge(files), "file", "file_too_large").ConfigureAwait(false);
            return;
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
        {
            await Fail(context, 400, "Uploads must be multipart/form-data with a 'file' part and a 'purpose' part.", null, "invalid_request").ConfigureAwait(false);
            return;
        }

        var reserved = Math.Min(length, files.MaxFileBytes);
        if (!files.TryReserve(reserved))
        {
            await Fail(context, 413, $"Storage quota exceeded: your organization may store {files.QuotaBytes} bytes; delete files you no longer need.", null, "insufficient_quota", type: "insufficient_quota").ConfigureAwait(false);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = files.MaxFileBytes + MultipartOverhead;
        }

        var id = FileStore.NewId();
        var temp = files.PathOf(id) + ".part";
        try
        {
            var upload = await ReadFormAsync(request, boundary, files, temp, context.RequestAborted).ConfigureAwait(false);
            if (upload.Error is { } error)
            {
                await PerceptronResponder.ErrorAsync(context, error).ConfigureAwait(false);
                return;
            }

            var record = files.Commit(id, temp, upload.Bytes, upload.FileName ?? id, upload.Purpose!, upload.MediaType!);
            await context.Response.WriteAsJsonAsync(ToWire(record), FilesJson.Default.PFile, contentType: "application/json", context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            files.Release(reserved);
            File.Delete(temp);
        }
    }

    private sealed record Upload(long Bytes, string? FileName, string? Purpose, string? MediaType, PerceptronFailure? Error);

    /// <summary>Streams the <c>file</c> part to disk (never into memory) and reads the <c>purpose</c> part.</summary>
    private static async Task<Upload> ReadFormAsync(HttpRequest request, string boundary, FileStore files, string temp, CancellationToken cancellationToken)
    {
        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = files.MaxFileBytes + 1 };
        long bytes = -1;
        string? fileName = null, purpose = null, declared = null;
        var head = new byte[FileSniffer.HeadLength];
        var headLength = 0;
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                switch (HeaderUtilities.RemoveQuotes(disposition.Name).Value)
                {
                    case "file":
                        fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value is { Length: > 0 } star ? star
                            : HeaderUtilities.RemoveQuotes(disposition.FileName).Value is { Length: > 0 } plain ? plain : null;
                        declared = section.ContentType;
                        var output = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
                        await using (output.ConfigureAwait(false))
                        {
                            bytes = 0;
                            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
                            try
                            {
                                int read;
                                while ((read = await section.Body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                                {
                                    if (headLength < head.Length)
                                    {
                                        var take = Math.Min(read, head.Length - headLength);
                                        buffer.AsSpan(0, take).CopyTo(head.AsSpan(headLength));
                                        headLength += take;
                                    }

                                    bytes += read;
                                    if (bytes > files.MaxFileBytes)
                                    {
                                        return new Upload(0, null, null, null, new PerceptronFailure(413, TooLarge(files), "invalid_request_error", "file", "file_too_large"));
                                    }

                                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                                }
                            }
                            finally
                            {
                                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                            }
                        }

                        break;
                    case "purpose":
                        using (var text = new StreamReader(section.Body, Encoding.UTF8))
                        {
                            var buffer = new char[64];
                            var n = await text.ReadBlockAsync(buffer, cancellationToken).ConfigureAwait(false);
                            purpose = new string(buffer, 0, n).Trim();
                        }

                        break;
                }
            }
        }
        catch (InvalidDataException)
        {
            // The reader's own limits: a part longer than the cap, or a malformed body.
            return new Upload(0, null, null, null, bytes > files.MaxFileBytes - 1
                ? new PerceptronFailure(413, TooLarge(files), "invalid_request_error", "file", "file_too_large")
                : PerceptronFailure.Invalid("The multipart body is malformed.", null, "invalid_request"));
        }

        if (bytes < 0)
        {
            return new Upload(0, null, null, null, PerceptronFailure.Invalid("'file' is required.", "file", "missing_required_parameter"));
        }

        if (purpose is null)
        {
            return new Upload(0, null, null, null, PerceptronFailure.Invalid("'purpose' is required.", "purpose", "missing_required_parameter"));
        }

        if (!Purposes.Contains(purpose))
        {
            return new Upload(0, null, null, null, PerceptronFailure.Invalid($"Invalid purpose '{purpose}'; expected 'vision' or 'user_data'.", "purpose", "invalid_value"));
        }

        var kind = FileSniffer.Kind(head.AsSpan(0, headLength));
        if (FileSniffer.Accepted(head.AsSpan(0, headLength)) is not { } mediaType)
        {
            return new Upload(0, null, null, null, new PerceptronFailure(400, $"Unsupported content type '{kind}'.", "invalid_request_error", "file", null));
        }

        // The server sniffs the bytes and refuses a declared type that disagrees with them.
        if (declared is { Length: > 0 } && MediaTypeHeaderValue.TryParse(declared, out var declaredType)
            && declaredType.MediaType.Value is { } declaredMedia && !declaredMedia.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase)
            && !declaredMedia.Equals(mediaType, StringComparison.OrdinalIgnoreCase))
        {
            return new Upload(0, null, null, null, PerceptronFailure.Invalid($"The declared content type '{declaredMedia}' does not match the file's content ('{mediaType}').", "file", "invalid_value"));
        }

        return new Upload(bytes, fileName, purpose, mediaType, null);
    }

    private static async Task ListAsync(HttpContext context, FileStore files)
    {
        var query = context.Request.Query;
        var limit = MaxListLimit;
        if (query["limit"].ToString() is { Length: > 0 } limitText
            && (!int.TryParse(limitText, NumberStyles.Integer, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxListLimit))
        {
            await Fail(context, 400, $"limit must be an integer from 1 to {MaxListLimit}.", "limit", "invalid_value").ConfigureAwait(false);
            return;
        }

        var order = query["order"].ToString() is { Length: > 0 } o ? o : "desc";
        if (order is not ("asc" or "desc"))
        {
            await Fail(context, 400, "order must be 'asc' or 'desc'.", "order", "invalid_value").ConfigureAwait(false);
            return;
        }

        IEnumerable<StoredFileRecord> all = files.All();
        if (order == "desc")
        {
            all = all.Reverse();
        }

        if (query["purpose"].ToString() is { Length: > 0 } purpose)
        {
            all = all.Where(f => f.Purpose == purpose);
        }

        if (query["after"].ToString() is { Length: > 0 } after)
        {
            if (files.Get(after) is null)
            {
                await Fail(context, 404, $"No such File object: {after}", "after", null).ConfigureAwait(false);
                return;
            }

            all = all.SkipWhile(f => f.Id != after).Skip(1);
        }

        var page = all.Take(limit + 1).ToList();
        var data = page.Take(limit).Select(ToWire).ToList();
        var list = new PFileList("list", data, data.Count > 0 ? data[0].Id : "", data.Count > 0 ? data[^1].Id : "", page.Count > limit);
        await context.Response.WriteAsJsonAsync(list, FilesJson.Default.PFileList, contentType: "application/json", context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task RetrieveAsync(HttpContext context, FileStore files, string id)
    {
        if (files.Get(id) is not { } record)
        {
            await NotFound(context, id).ConfigureAwait(false);
            return;
        }

        await context.Response.WriteAsJsonAsync(ToWire(record), FilesJson.Default.PFile, contentType: "application/json", context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task ContentAsync(HttpContext context, FileStore files, string id)
    {
        if (files.Get(id) is not { } record)
        {
            await NotFound(context, id).ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = record.MediaType;
        context.Response.ContentLength = record.Bytes;
        await context.Response.SendFileAsync(files.PathOf(id), context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task DeleteAsync(HttpContext context, FileStore files, string id)
    {
        if (!files.Delete(id))
        {
            await NotFound(context, id).ConfigureAwait(false);
            return;
        }

        await context.Response.WriteAsJsonAsync(new PFileDeleted("file", id, true), FilesJson.Default.PFileDeleted, contentType: "application/json", context.RequestAborted).ConfigureAwait(false);
    }

    private static PFile ToWire(StoredFileRecord f) => new("file", f.Id, f.Bytes, f.CreatedAt, f.Filename, f.Purpose);

    private static string TooLarge(FileStore files) => $"File too large: the most a file may hold is {files.MaxFileBytes} bytes.";

    /// <summary>The API's answer for a missing file (its test fixture): param <c>id</c>, code null.</summary>
    private static Task NotFound(HttpContext context, string id) => Fail(context, 404, $"No such File object: {id}", "id", null);

    private static Task Fail(HttpContext context, int status, string message, string? param, string? code, string type = "invalid_request_error") =>
        PerceptronResponder.ErrorAsync(context, new PerceptronFailure(status, message, type, param, code));
}
