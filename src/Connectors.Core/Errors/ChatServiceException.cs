using System.Net;
using System.Text;

namespace Connectors.Core;

/// <summary>
/// The service refused or failed a chat request. Every error the Connectors clients raise for a service
/// failure derives from this type, so one <c>catch</c> sees the HTTP status, the vendor's error type and
/// code, the request id to quote to support, and whether trying again can help.
/// </summary>
public class ChatServiceException : HttpRequestException
{
    private string? _providerName;
    private string? _errorType;
    private string? _errorCode;
    private string? _parameter;
    private string? _requestId;
    private TimeSpan? _retryAfter;
    private bool _isRetryable;
    private RateLimitInfo? _rateLimit;

    /// <summary>Creates an exception for a failed call.</summary>
    /// <param name="message">What went wrong, for people.</param>
    /// <param name="statusCode">The HTTP status, when the service answered.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public ChatServiceException(string message, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base(message, innerException, statusCode)
    {
    }

    // What the service reported is set only by the clients that read its reply. RetryAfter and IsRetryable, which
    // retry decisions read, stay settable: middleware and test doubles can raise an exception handled like the service's.

    /// <summary>The provider that raised the error, such as <c>perceptron</c> or <c>jamai</c>.</summary>
    public string? ProviderName { get => _providerName; internal init => _providerName = value; }

    /// <summary>The vendor's error type, such as <c>invalid_request_error</c>.</summary>
    public string? ErrorType { get => _errorType; internal init => _errorType = value; }

    /// <summary>The vendor's error code, such as <c>rate_limit_exceeded</c> or <c>validation_error</c>.</summary>
    public string? ErrorCode { get => _errorCode; internal init => _errorCode = value; }

    /// <summary>The request parameter the service blamed, when it named one.</summary>
    public string? Parameter { get => _parameter; internal init => _parameter = value; }

    /// <summary>The service's trace or request id (<c>x-trace-id</c>, <c>x-request-id</c> or the body's <c>request_id</c>).</summary>
    public string? RequestId { get => _requestId; internal init => _requestId = value; }

    /// <summary>How long the service asked the caller to wait before trying again.</summary>
    public TimeSpan? RetryAfter { get => _retryAfter; init => _retryAfter = value; }

    /// <summary>Whether the same request may succeed if sent again later (rate limits, overload, transient server errors).</summary>
    public bool IsRetryable { get => _isRetryable; init => _isRetryable = value; }

    /// <summary>Rate-limit counters the service reported, when it sent any.</summary>
    public RateLimitInfo? RateLimit { get => _rateLimit; internal init => _rateLimit = value; }

    /// <summary>Fills the vendor details after construction (the factory builds several exception types alike).</summary>
    internal void Populate(string? provider, string? errorType, string? errorCode, string? parameter, string? requestId, TimeSpan? retryAfter, RateLimitInfo? rateLimit, bool retryable)
    {
        _providerName = provider;
        _errorType = errorType;
        _errorCode = errorCode;
        _parameter = parameter;
        _requestId = requestId;
        _retryAfter = retryAfter;
        _rateLimit = rateLimit;
        _isRetryable = retryable;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder(GetType().FullName).Append(": ").Append(Message);
        if (StatusCode is { } status)
        {
            text.Append(" (HTTP ").Append((int)status).Append(')');
        }

        if (RequestId is not null)
        {
            text.Append(" [request id ").Append(RequestId).Append(']');
        }

        if (InnerException is not null)
        {
            text.Append(" ---> ").Append(InnerException.GetType().FullName).Append(": ").Append(InnerException.Message);
        }

        if (StackTrace is not null)
        {
            text.AppendLine().Append(StackTrace);
        }

        return text.ToString();
    }
}

/// <summary>The credentials were missing, wrong or lack permission (HTTP 401 or 403). Not retryable.</summary>
public sealed class ChatAuthenticationException : ChatServiceException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="statusCode">401 or 403.</param>
    public ChatAuthenticationException(string message, HttpStatusCode? statusCode = HttpStatusCode.Unauthorized)
        : base(message, statusCode)
    {
    }
}

/// <summary>The request was invalid (HTTP 400, 404, 413, 422): change the request, do not retry it.</summary>
public sealed class ChatInvalidRequestException : ChatServiceException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="statusCode">The HTTP status.</param>
    public ChatInvalidRequestException(string message, HttpStatusCode? statusCode = HttpStatusCode.BadRequest)
        : base(message, statusCode)
    {
    }
}

/// <summary>Too many requests (HTTP 429 rate limit): retryable after <see cref="ChatServiceException.RetryAfter"/>.</summary>
public sealed class ChatRateLimitException : ChatServiceException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    public ChatRateLimitException(string message)
        : base(message, HttpStatusCode.TooManyRequests)
    {
    }
}

/// <summary>The account is out of credits or quota. Retrying cannot help until the account is topped up.</summary>
public sealed class ChatQuotaExceededException : ChatServiceException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="statusCode">Usually 429 or 403.</param>
    public ChatQuotaExceededException(string message, HttpStatusCode? statusCode)
        : base(message, statusCode)
    {
    }
}

/// <summary>The service failed or is overloaded (HTTP 5xx). Usually retryable.</summary>
public sealed class ChatServerException : ChatServiceException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="statusCode">The 5xx status.</param>
    public ChatServerException(string message, HttpStatusCode? statusCode)
        : base(message, statusCode)
    {
    }
}

/// <summary>
/// A streamed response failed after it began: the service sent an error event, reported a failed finish,
/// or the stream ended without its terminator. Text already yielded is incomplete.
/// </summary>
public sealed class ChatStreamException : ChatServiceException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The transport failure, if any.</param>
    public ChatStreamException(string message, Exception? innerException = null)
        : base(message, null, innerException)
    {
    }
}

/// <summary>The request or the stream took longer than the configured limit.</summary>
public sealed class ChatTimeoutException : ChatServiceException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What timed out.</param>
    /// <param name="innerException">The cancellation that ended the wait.</param>
    public ChatTimeoutException(string message, Exception? innerException = null)
        : base(message, HttpStatusCode.RequestTimeout, innerException)
    {
    }
}

/// <summary>Rate-limit counters from <c>X-RateLimit-*</c> headers, as the service reported them.</summary>
public sealed class RateLimitInfo
{
    internal RateLimitInfo(long? limit, long? remaining, string? reset, long? used)
    {
        Limit = limit;
        Remaining = remaining;
        Reset = reset;
        Used = used;
    }

    /// <summary>Requests allowed in the window.</summary>
    public long? Limit { get; }

    /// <summary>Requests left in the window.</summary>
    public long? Remaining { get; }

    /// <summary>When the window resets, as the service wrote it.</summary>
    public string? Reset { get; }

    /// <summary>Requests used in the window.</summary>
    public long? Used { get; }
}
