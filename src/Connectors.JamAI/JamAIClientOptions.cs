using System.Globalization;
using Connectors.Core;

namespace Connectors.JamAI;

/// <summary>
/// Settings of a <see cref="JamAIChatClient"/>: where the JamAI Base gateway is, how to authenticate, and which
/// project and model to use. <see cref="ToString"/> never shows the <see cref="Token"/>.
/// </summary>
public sealed class JamAIClientOptions : IClientOptions<JamAIClientOptions>
{
    /// <summary>The JamAI Base cloud API base address, <c>https://api.jamaibase.com/api</c>.</summary>
    public static Uri DefaultEndpoint { get; } = new("https://api.jamaibase.com/api");

    /// <summary>How long a call may take by default: five minutes, since retrieval with a reasoning model is slow.</summary>
    public static TimeSpan DefaultRequestTimeout { get; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The API base including <c>/api</c>, such as <c>https://api.jamaibase.com/api</c> (the default) or
    /// <c>http://localhost:6969/api</c> for a self-hosted gateway. Routes such as <c>v1/chat/completions</c> are relative to it.
    /// </summary>
    public Uri Endpoint { get; set; } = DefaultEndpoint;

    /// <summary>
    /// The personal access token or service key, sent as <c>Authorization: Bearer</c>. Optional for a
    /// self-hosted gateway without authentication; required by the cloud.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>The project id (<c>proj_...</c>), sent as <c>X-PROJECT-ID</c> when set. A project-scoped token makes it optional.</summary>
    public string? ProjectId { get; set; }

    /// <summary>The user id, sent as <c>X-USER-ID</c> only when set.</summary>
    public string? UserId { get; set; }

    /// <summary>
    /// The model used when <see cref="Microsoft.Extensions.AI.ChatOptions.ModelId"/> is not set, such as
    /// <c>openai/gpt-4o-mini</c>. Empty (the default) omits <c>model</c>, and the gateway picks a model with
    /// the capabilities the request needs.
    /// </summary>
    public string DefaultModelId { get; set; } = string.Empty;

    /// <summary>How long a whole call may take (streamed or not, retries and their waits included) before it fails with a timeout; five minutes by default.</summary>
    public TimeSpan RequestTimeout { get; set; } = DefaultRequestTimeout;

    /// <summary>
    /// Retries and client-side rate limiting. By default failures before any output are retried up to 2 times (a Retry-After over 10 s is not waited on)
    /// honouring <c>Retry-After</c>; set <see cref="ChatResilienceOptions.RequestsPerWindow"/> to match your plan's limit.
    /// </summary>
    public ChatResilienceOptions Resilience { get; set; } = new();

    /// <summary>
    /// Whether a streamed request that carries tools is streamed. False (the default) sends it unstreamed and
    /// replays the reply as updates (text, tool calls, usage, finish reason), because the current JamAI Base
    /// server's stream breaks off on tool-call argument fragments; <c>UseFunctionInvocation()</c> over
    /// <c>GetStreamingResponseAsync</c> then works. Set true for a server that streams tool calls whole.
    /// Requests without tools are always streamed.
    /// </summary>
    public bool StreamToolCalls { get; set; }

    /// <summary>
    /// Reads the settings the official JamAI SDKs use: <c>JAMAI_TOKEN</c>, <c>JAMAI_PROJECT_ID</c>,
    /// <c>JAMAI_API_BASE</c> (the base including <c>/api</c>) and optionally <c>JAMAI_TIMEOUT_SEC</c>
    /// (seconds); unset variables keep the defaults.
    /// </summary>
    /// <returns>The options filled from the environment.</returns>
    /// <exception cref="ArgumentException">A variable holds a value that cannot be used.</exception>
    public static JamAIClientOptions FromEnvironment()
    {
        var options = new JamAIClientOptions
        {
            Token = NonEmpty(Environment.GetEnvironmentVariable("JAMAI_TOKEN")),
            ProjectId = NonEmpty(Environment.GetEnvironmentVariable("JAMAI_PROJECT_ID")),
        };

        if (NonEmpty(Environment.GetEnvironmentVariable("JAMAI_API_BASE")) is { } apiBase)
        {
            if (!Uri.TryCreate(apiBase, UriKind.Absolute, out var endpoint))
            {
                throw new ArgumentException($"JAMAI_API_BASE is not an absolute URL: '{apiBase}'. Use the API base including /api, such as https://api.jamaibase.com/api.");
            }

            options.Endpoint = endpoint;
        }

        if (NonEmpty(Environment.GetEnvironmentVariable("JAMAI_TIMEOUT_SEC")) is { } timeout)
        {
            if (!double.TryParse(timeout, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !(seconds > 0) || seconds > int.MaxValue / 1000.0)
            {
                throw new ArgumentException($"JAMAI_TIMEOUT_SEC must be a positive number of seconds, not '{timeout}'.");
            }

            options.RequestTimeout = TimeSpan.FromSeconds(seconds);
        }

        options.Validate();
        return options;
    }

    /// <summary>Checks the settings and explains the first problem found.</summary>
    /// <exception cref="ArgumentException">A setting cannot be used.</exception>
    public void Validate()
    {
        if (Endpoint is null || !Endpoint.IsAbsoluteUri || (Endpoint.Scheme != Uri.UriSchemeHttps && Endpoint.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"JamAIClientOptions.Endpoint must be an absolute http or https URL such as {DefaultEndpoint}, not '{Endpoint}'.", nameof(Endpoint));
        }

        if (!string.IsNullOrEmpty(Endpoint.Query) || !string.IsNullOrEmpty(Endpoint.Fragment))
        {
            throw new ArgumentException($"JamAIClientOptions.Endpoint must be the API base without a query or fragment, such as {DefaultEndpoint}.", nameof(Endpoint));
        }

        if (Token is not null && (Token.Length == 0 || Token.Any(static c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            // The token itself is never quoted: it is a secret.
            throw new ArgumentException("JamAIClientOptions.Token is empty or contains whitespace or control characters; set it to the personal access token or service key, or leave it null.", nameof(Token));
        }

        CheckHeaderValue(ProjectId, nameof(ProjectId));
        CheckHeaderValue(UserId, nameof(UserId));
        if (DefaultModelId is null)
        {
            throw new ArgumentException("JamAIClientOptions.DefaultModelId must not be null: use an empty string to let the gateway pick a model.", nameof(DefaultModelId));
        }

        ArgumentNullException.ThrowIfNull(Resilience, nameof(Resilience));
        Resilience.Validate();

        if (RequestTimeout <= TimeSpan.Zero && RequestTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException($"JamAIClientOptions.RequestTimeout must be positive (or Timeout.InfiniteTimeSpan), not {RequestTimeout}.", nameof(RequestTimeout));
        }
    }

    JamAIClientOptions IClientOptions<JamAIClientOptions>.Clone() => Clone();

    /// <summary>A copy, so later changes to these options do not affect a client already built from them.</summary>
    internal JamAIClientOptions Clone() => new()
    {
        Endpoint = Endpoint,
        Token = Token,
        ProjectId = ProjectId,
        UserId = UserId,
        DefaultModelId = DefaultModelId,
        RequestTimeout = RequestTimeout,
        Resilience = Resilience.Clone(),
        StreamToolCalls = StreamToolCalls,
    };

    /// <summary>Describes the settings; the token is shown only as set or not set.</summary>
    /// <returns>A description without secrets.</returns>
    public override string ToString() =>
        $"JamAIClientOptions {{ Endpoint = {Endpoint}, Token = {(string.IsNullOrEmpty(Token) ? "(not set)" : "***")}, ProjectId = {ProjectId ?? "(not set)"}, UserId = {UserId ?? "(not set)"}, DefaultModelId = {(string.IsNullOrEmpty(DefaultModelId) ? "(gateway picks)" : DefaultModelId)}, RequestTimeout = {RequestTimeout} }}";

    private static void CheckHeaderValue(string? value, string name)
    {
        if (value is not null && (value.Length == 0 || value.Any(char.IsControl) || value.Trim().Length != value.Length))
        {
            throw new ArgumentException($"JamAIClientOptions.{name} must be a non-empty value without control characters or surrounding whitespace, or null.", name);
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
