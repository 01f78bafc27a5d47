using Connectors.Emulator.Hosting;

namespace Connectors.Emulator.Logging;

/// <summary>Records every request, stamps the correlation header each dialect sends, and notices client disconnects.</summary>
internal sealed class RequestLogMiddleware(RequestDelegate next, RequestLog log)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var isJamAI = request.Path.StartsWithSegments("/api", StringComparison.Ordinal);
        var clientRequestId = request.Headers["X-REQUEST-ID"].ToString();
        var id = isJamAI && clientRequestId.Length > 0 ? clientRequestId : Guid.NewGuid().ToString("N");
        var entry = new RequestLogEntry(id, request.Method, request.Path.Value ?? "")
        {
            Timestamp = DateTimeOffset.UtcNow,
            Query = request.QueryString.Value ?? "",
            Headers = request.Headers.ToDictionary(h => h.Key, h => Redactor.Header(h.Key, h.Value.ToString()), StringComparer.OrdinalIgnoreCase),
        };
        context.Items[HttpHelpers.LogEntryKey] = entry;
        context.Response.Headers[isJamAI ? "x-request-id" : "x-trace-id"] = id;
        log.Add(entry);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away mid-response: nothing more to send.
        }
        catch (IOException) when (context.RequestAborted.IsCancellationRequested)
        {
            // Same, seen as a failed write.
        }
        finally
        {
            entry.StatusCode = context.Response.StatusCode;
            entry.ClientAborted = context.RequestAborted.IsCancellationRequested && !context.Items.ContainsKey(HttpHelpers.ServerAbortKey);
            log.Complete(entry);
        }
    }
}
