using System.Text;

namespace Connectors.Emulator.Chat;

/// <summary>Writes server-sent events, flushing after each so the client sees them as they are produced.</summary>
internal sealed class SseWriter(HttpResponse response)
{
    public static void Start(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
    }

    public Task DataAsync(string json, CancellationToken ct) => WriteAsync("data: " + json + "\n\n", ct);

    public Task CommentAsync(string text, CancellationToken ct) => WriteAsync(": " + text + "\n\n", ct);

    public Task DoneAsync(CancellationToken ct) => WriteAsync("data: [DONE]\n\n", ct);

    private async Task WriteAsync(string text, CancellationToken ct)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), ct).ConfigureAwait(false);
        await response.Body.FlushAsync(ct).ConfigureAwait(false);
    }
}
