using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Connectors.Core.Errors;

/// <summary>Turns an error reply (JSON of either vendor shape, or plain text) into a typed exception.</summary>
internal static class ErrorFactory
{
    private const int MaxMessageLength = 2000;
    private const int MaxFieldLength = 200;
    private const string ExternalAuthenticationFailed = "external_authentication_failed";

    /// <summary>Builds the exception for a non-success HTTP response.</summary>
    public static ChatServiceException FromResponse(string provider, HttpStatusCode status, HttpResponseHeaders headers, string body, Func<string, string> redact)
    {
        var details = ErrorDetails.Parse(body);
        var requestId = Header(headers, "x-trace-id") ?? Header(headers, "x-request-id") ?? details.RequestId;
        // Redacted before truncation: a key cut at the length limit would otherwise keep its first characters.
        var message = Truncate(redact(Describe(provider, (int)status, details)));
        var retryAfter = ReadRetryAfter(headers);
        var rateLimit = ReadRateLimit(headers);
        var quota = IsQuota(details);
        var code = (int)status;

        ChatServiceException exception = status switch
        {
            _ when quota => new ChatQuotaExceededException(message, status),
            _ when details.Code == ExternalAuthenticationFailed => new ChatServerException(message, status), // the gateway's key, not the caller's
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new ChatAuthenticationException(message, status),
            HttpStatusCode.TooManyRequests => new ChatRateLimitException(message),
            HttpStatusCode.RequestTimeout => new ChatTimeoutException(message),
            _ when code >= 500 => new ChatServerException(message, status),
            _ when code >= 400 => new ChatInvalidRequestException(message, status),
            _ => new ChatServiceException(message, status),
        };

        return Enrich(exception, provider, details, requestId, retryAfter, rateLimit, redact,
            retryable: !quota && (status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout
                || (code >= 500 && status != HttpStatusCode.NotImplemented)
                || (status == HttpStatusCode.NotImplemented && IsCooldown(details))));
    }

    /// <summary>Builds the exception for an error that arrived inside a 200 body or as an SSE event.</summary>
    public static ChatStreamException FromErrorPayload(string provider, JsonElement error, string? requestId, Func<string, string> redact)
    {
        var details = ErrorDetails.FromErrorElement(error);
        var message = Truncate(redact($"{provider} reported an error after the response began: {details.Summary()}"));
        var exception = new ChatStreamException(message);
        return Enrich(exception, provider, details, requestId ?? details.RequestId, null, null, redact, retryable: false);
    }

    /// <summary>
    /// Builds the exception for one failed part of a reply that succeeded as a whole (a multilook prompt): typed by the
    /// error's <c>type</c> and <c>code</c> as an HTTP error would be by its status.
    /// </summary>
    public static ChatServiceException FromPartError(string provider, string part, JsonElement error, string? requestId, Func<string, string> redact)
    {
        var details = ErrorDetails.FromErrorElement(error);
        var message = Truncate(redact($"{provider} could not answer {part}: {details.Summary()}"));
        ChatServiceException exception = details switch
        {
            _ when IsQuota(details) => new ChatQuotaExceededException(message, null),
            { Type: "rate_limit_error" } => new ChatRateLimitException(message),
            { Type: "invalid_request_error" } => new ChatInvalidRequestException(message, null),
            { Type: "authentication_error" } => new ChatAuthenticationException(message, null),
            _ => new ChatServerException(message, null),
        };
        return Enrich(exception, provider, details, requestId ?? details.RequestId, null, null, redact,
            retryable: exception is ChatRateLimitException or ChatServerException);
    }

    /// <summary>Fills the details; every string the service sent is redacted, then cut to a short length.</summary>
    private static T Enrich<T>(T exception, string provider, ErrorDetails details, string? requestId, TimeSpan? retryAfter, RateLimitInfo? rateLimit, Func<string, string> redact, bool retryable)
        where T : ChatServiceException
    {
        string? Clean(string? value) => value is null ? null : Truncate(redact(value), MaxFieldLength);
        rateLimit = rateLimit is null ? null : new RateLimitInfo(rateLimit.Limit, rateLimit.Remaining, Clean(rateLimit.Reset), rateLimit.Used);
        exception.Populate(provider, Clean(details.Type), Clean(details.Code), Clean(details.Param), Clean(requestId), retryAfter, rateLimit, retryable);
        return exception;
    }

    private static string Describe(string provider, int status, ErrorDetails details)
    {
        var text = new StringBuilder(provider).Append(" returned HTTP ").Append(status);
        var code = details.Code ?? details.Type;
        if (code is not null)
        {
            text.Append(" (").Append(code).Append(')');
        }

        text.Append(": ");
        if (details.Code == ExternalAuthenticationFailed)
        {
            text.Append("the gateway's own credentials for the model provider were refused (your token was accepted; the gateway's operator must fix its provider key): ");
        }

        text.Append(details.Summary());
        return text.ToString();
    }

    /// <summary>
    /// JamAI sends 501 both for "no deployments" (permanent) and "all deployments are on cooldown" (temporary).
    /// </summary>
    private static bool IsCooldown(ErrorDetails details) =>
        details.Message?.Contains("cooldown", StringComparison.OrdinalIgnoreCase) == true;

    private static bool IsQuota(ErrorDetails details) =>
        details.Type is "insufficient_quota" or "insufficient_credits"
        || details.Code is "insufficient_quota" or "insufficient_credits" or "upgrade_tier";

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    internal static TimeSpan? ReadRetryAfter(HttpResponseHeaders headers)
    {
        if (headers.RetryAfter is { } retry)
        {
            if (retry.Delta is { } delta)
            {
                return delta;
            }

            if (retry.Date is { } date)
            {
                var wait = date - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }

        // Some gateways send fractional seconds, which the typed header rejects.
        if (Header(headers, "Retry-After") is not { } raw || !double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds < 0 || double.IsNaN(seconds))
        {
            return null;
        }

        // A value too large for a TimeSpan (or infinite) reads as "longer than anyone waits".
        return seconds >= TimeSpan.MaxValue.TotalSeconds ? TimeSpan.MaxValue : TimeSpan.FromSeconds(seconds);
    }

    private static RateLimitInfo? ReadRateLimit(HttpResponseHeaders headers)
    {
        var limit = Number(Header(headers, "X-RateLimit-Limit"));
        var remaining = Number(Header(headers, "X-RateLimit-Remaining"));
        var used = Number(Header(headers, "X-RateLimit-Used"));
        var reset = Header(headers, "X-RateLimit-Reset");
        return limit is null && remaining is null && used is null && reset is null ? null : new RateLimitInfo(limit, remaining, reset, used);

        static long? Number(string? value) => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    internal static string Truncate(string text, int max = MaxMessageLength) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");
}
