using System.Text.Json;
using Connectors.Core;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Connectors.Perceptron;

/// <summary>
/// An <see cref="IChatClient"/> for Perceptron's vision-language models (Isaac, mk1). Images go in as
/// <see cref="DataContent"/> or <see cref="UriContent"/>; hints, regex, <c>vision_config</c> and reasoning
/// effort are set on <see cref="ChatOptions"/> through <see cref="PerceptronChatOptionsExtensions"/>.
/// </summary>
/// <remarks>
/// Options the API refuses (stop sequences, seed, n ≠ 1, JSON without a schema, a required tool choice,
/// regex with a schema or tools) fail before sending with <see cref="NotSupportedException"/>.
/// Service failures raise <see cref="ChatServiceException"/> subtypes.
/// <see cref="ChatOptions.RawRepresentationFactory"/> may return a <see cref="System.Text.Json.Nodes.JsonObject"/>
/// whose fields are sent as given, overriding what the typed options would write.
/// </remarks>
public sealed class PerceptronChatClient : ChatCompletionsClient
{
    /// <summary>Creates a client.</summary>
    /// <param name="options">Endpoint, key and default model; copied, so later changes have no effect.</param>
    /// <param name="httpClient">The HTTP client to send with (not disposed by this client); a shared one when null.</param>
    /// <param name="logger">Receives a debug entry for each option the service ignores and this client therefore does not send.</param>
    /// <exception cref="ArgumentException">The options are incomplete, for example no API key for the public endpoint.</exception>
    public PerceptronChatClient(PerceptronClientOptions options, HttpClient? httpClient = null, ILogger? logger = null)
        : base(PerceptronProfile.Create(Own(options, out var own)), own, own.Clone, httpClient, logger)
    {
    }

    /// <summary>Creates a client from <c>PERCEPTRON_API_KEY</c>, <c>PERCEPTRON_BASE_URL</c> and <c>PERCEPTRON_MODEL</c>.</summary>
    /// <param name="httpClient">The HTTP client to send with; a shared one when null.</param>
    /// <returns>The client.</returns>
    public static PerceptronChatClient FromEnvironment(HttpClient? httpClient = null) => new(PerceptronClientOptions.FromEnvironment(), httpClient);

    /// <summary>Lists the models the API offers, with their limits and capabilities (<c>GET /models?extended=true</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The models.</returns>
    public async Task<IReadOnlyList<PerceptronModelInfo>> ListModelsAsync(CancellationToken cancellationToken = default)
    {
        using var document = await Engine.GetJsonAsync("models?extended=true", cancellationToken).ConfigureAwait(false);
        var root = document.RootElement;
        var items = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var data) ? data : root;
        var models = new List<PerceptronModelInfo>();
        if (items.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in items.EnumerateArray())
            {
                if (PerceptronModelInfo.TryRead(item) is { } model)
                {
                    models.Add(model);
                }
            }
        }

        return models;
    }
}
