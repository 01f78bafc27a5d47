using Connectors.Core;

namespace Connectors.Perceptron;

/// <summary>Where and how <see cref="PerceptronChatClient"/> reaches the Perceptron API.</summary>
public sealed class PerceptronClientOptions : IClientOptions<PerceptronClientOptions>
{
    /// <summary>The public API address.</summary>
    public static readonly Uri DefaultEndpoint = new("https://api.perceptron.inc/v1");

    /// <summary>The model used when a request names none.</summary>
    public const string DefaultModel = "perceptron-mk1.5";

    /// <summary>The API base address including <c>/v1</c>. Defaults to <see cref="DefaultEndpoint"/>.</summary>
    public Uri Endpoint { get; set; } = DefaultEndpoint;

    /// <summary>The API key sent as a bearer token. Required except against a loopback address (the local emulator).</summary>
    public string? ApiKey { get; set; }

    /// <summary>The model used when <c>ChatOptions.ModelId</c> is not set. Defaults to <see cref="DefaultModel"/>.</summary>
    public string DefaultModelId { get; set; } = DefaultModel;

    /// <summary>How long a whole call may take, streamed or not, retries and their waits included (the gateway allows 120 s).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>How long a stream may stay silent before it fails; events keep it alive, but never past <see cref="RequestTimeout"/>.</summary>
    public TimeSpan StreamIdleTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Retries and client-side rate limiting. By default failures before any output are retried up to 2 times (a Retry-After over 10 s is not waited on)
    /// and requests are held to the API's 300 per minute, so bursts queue instead of failing with 429.
    /// </summary>
    public ChatResilienceOptions Resilience { get; set; } = new() { RequestsPerWindow = 300 };

    /// <summary>
    /// Options read from <c>PERCEPTRON_API_KEY</c>, <c>PERCEPTRON_BASE_URL</c> (including <c>/v1</c>) and
    /// <c>PERCEPTRON_MODEL</c>, the variables the vendor SDKs use; unset variables keep the defaults.
    /// </summary>
    /// <returns>The options.</returns>
    public static PerceptronClientOptions FromEnvironment()
    {
        var options = new PerceptronClientOptions { ApiKey = Read("PERCEPTRON_API_KEY") };
        if (Read("PERCEPTRON_BASE_URL") is { } baseUrl)
        {
            options.Endpoint = Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? uri
                : throw new ArgumentException($"PERCEPTRON_BASE_URL is not an absolute http(s) URL: '{baseUrl}'.");
        }

        if (Read("PERCEPTRON_MODEL") is { } model)
        {
            options.DefaultModelId = model;
        }

        return options;

        static string? Read(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value.Trim() : null;
    }

    PerceptronClientOptions IClientOptions<PerceptronClientOptions>.Clone() => Clone();

    /// <summary>Checks the options, with a message that names what to change.</summary>
    /// <exception cref="ArgumentException">A setting is missing or invalid.</exception>
    public void Validate()
    {
        if (Endpoint is null || !Endpoint.IsAbsoluteUri || Endpoint.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException("PerceptronClientOptions.Endpoint must be an absolute http(s) URL such as https://api.perceptron.inc/v1.");
        }

        if (string.IsNullOrWhiteSpace(ApiKey) && !Endpoint.IsLoopback)
        {
            throw new ArgumentException(
                $"PerceptronClientOptions.ApiKey is not set for {Endpoint}: set PERCEPTRON_API_KEY (or the ApiKey option), or point Endpoint at the local emulator.");
        }

        if (ApiKey is { Length: > 0 } key && key.Any(static c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            // The key itself is never quoted: it is a secret. A line break in it would otherwise fail only when sending.
            throw new ArgumentException("PerceptronClientOptions.ApiKey contains whitespace or control characters (a pasted line break?); set it to the key alone.", nameof(ApiKey));
        }

        if (string.IsNullOrWhiteSpace(DefaultModelId))
        {
            throw new ArgumentException("PerceptronClientOptions.DefaultModelId must name a model, such as perceptron-mk1.5.");
        }

        ArgumentNullException.ThrowIfNull(Resilience, nameof(Resilience));
        Resilience.Validate();

        if (RequestTimeout <= TimeSpan.Zero || StreamIdleTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("PerceptronClientOptions.RequestTimeout and StreamIdleTimeout must be positive.");
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"Perceptron {Endpoint} model={DefaultModelId} key={(string.IsNullOrEmpty(ApiKey) ? "(none)" : "(set)")}";

    internal PerceptronClientOptions Clone()
    {
        var copy = (PerceptronClientOptions)MemberwiseClone();
        copy.Resilience = Resilience.Clone();
        return copy;
    }
}
