using System.Globalization;
using System.Text;
using Connectors.Emulator.Faults;
using Connectors.Emulator.Logging;

namespace Connectors.Emulator.Hosting;

internal static class HttpHelpers
{
    public const string LogEntryKey = "emulator.log-entry";
    public const string ServerAbortKey = "emulator.server-abort";
    public const int MaxBodyBytes = 20 * 1024 * 1024;

    /// <summary>The bearer token, or null when the header is missing, not bearer, or empty.</summary>
    public static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string Prefix = "Bearer ";
        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header[Prefix.Length..].Trim();
        return token.Length == 0 ? null : token;
    }

    /// <summary>
    /// Whether the request may go on: with no <see cref="EmulatorOptions.ApiKeys"/> (the default, as the emulator
    /// listens on loopback) any key or none is accepted; with keys set, the bearer token must be one of them.
    /// </summary>
    public static bool IsAuthorized(string? token, EmulatorOptions options) =>
        options.ApiKeys.Count == 0 || (token is not null && options.ApiKeys.Contains(token));

    /// <summary>The key the rate limiters count a request under: its token, or one shared name for requests without one.</summary>
    public static string LimiterKey(string? token) => token ?? "(no key)";

    /// <summary>Reads the body (up to <see cref="MaxBodyBytes"/>) as JSON; null when it is larger or not JSON.</summary>
    public static async Task<System.Text.Json.JsonDocument?> ReadJsonAsync(HttpContext context)
    {
        var body = await ReadBodyAsync(context, MaxBodyBytes).ConfigureAwait(false);
        try
        {
            return body is null ? null : System.Text.Json.JsonDocument.Parse(body);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>Reads the body up to <paramref name="limit"/> bytes; null when it is larger.</summary>
    public static async Task<byte[]?> ReadBodyAsync(HttpContext context, int limit)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                LogBody(context, $"(body larger than {limit} bytes)");
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        var bytes = buffer.ToArray();
        LogBody(context, Redactor.Body(Encoding.UTF8.GetString(bytes)));
        return bytes;
    }

    public static RequestLogEntry? Entry(HttpContext context) =>
        context.Items.TryGetValue(LogEntryKey, out var e) ? e as RequestLogEntry : null;

    public static string RequestId(HttpContext context) => Entry(context)?.Id ?? context.TraceIdentifier;

    /// <summary>The fault named by the request header, if it is a known one.</summary>
    public static string? HeaderFault(HttpRequest request)
    {
        var name = request.Headers[EmulatorFaults.FaultHeader].ToString().Trim();
        return EmulatorFaults.IsKnown(name) ? name : null;
    }

    public static int? HeaderDelayMs(HttpRequest request) =>
        int.TryParse(request.Headers[EmulatorFaults.DelayHeader], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms >= 0 ? ms : null;

    public static void NoteFault(HttpContext context, string fault)
    {
        if (Entry(context) is { } e)
        {
            e.Fault = fault;
        }
    }

    /// <summary>Aborts the connection on purpose, so the log does not count it as a client abort.</summary>
    public static void Drop(HttpContext context)
    {
        context.Items[ServerAbortKey] = true;
        context.Abort();
    }

    public static async Task PlainTextAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(text, context.RequestAborted).ConfigureAwait(false);
    }

    private static void LogBody(HttpContext context, string body)
    {
        if (Entry(context) is { } e)
        {
            e.Body = body;
        }
    }
}
