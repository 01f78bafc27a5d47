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
    /// <summary>The gateway gives multilook 300 s (chat 120 s).</summary>
    private static readonly TimeSpan MultilookTimeout = TimeSpan.FromSeconds(300);

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

    /// <summary>
    /// Multilook (<c>POST /chat/completions/multilook</c>, perceptron-mk1 and mk1.5): several prompts answered against
    /// one shared context, prefilled once, each prompt seeing the context but not the other prompts. A prompt that
    /// fails is reported in its result; the call throws only when the request itself fails (as when every prompt does).
    /// </summary>
    /// <param name="context">The shared messages (a system instruction, the media); may be empty.</param>
    /// <param name="prompts">1 to 16 user messages, each text and/or its own media.</param>
    /// <param name="options">Model, temperature, hints, reasoning effort, <c>vision_config</c>...; tools, a response format, a regex, stop and seed are refused.</param>
    /// <param name="answersPerPrompt">Answers to each prompt (1 to 8, at most 64 in all; above 1 needs a temperature above 0).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One result per prompt, in prompt order, each answer grounded as a chat answer is.</returns>
    /// <exception cref="ArgumentException">A limit is passed or a prompt is not a user message.</exception>
    /// <exception cref="NotSupportedException">The options set something multilook does not take, or the context holds tool calls or results.</exception>
    /// <exception cref="ChatServiceException">The call failed as a whole.</exception>
    public async Task<Multilook.MultilookResponse> GetMultilookResponseAsync(
        IEnumerable<ChatMessage> context, IEnumerable<ChatMessage> prompts, ChatOptions? options = null, int answersPerPrompt = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(prompts);
        var shared = context as IReadOnlyList<ChatMessage> ?? [.. context];
        var asked = prompts as IReadOnlyList<ChatMessage> ?? [.. prompts];
        Multilook.MultilookRequest.Validate(shared, asked, answersPerPrompt, options);
        var chat = await Engine.BuildChatBodyAsync(this, [.. shared, .. asked], options, cancellationToken).ConfigureAwait(false);
        var body = System.Text.Encoding.UTF8.GetBytes(Multilook.MultilookRequest.FromChatBody(chat, asked.Count, answersPerPrompt).ToJsonString());
        using var document = await Engine.SendJsonAsync(HttpMethod.Post, "chat/completions/multilook", body, MultilookTimeout, cancellationToken).ConfigureAwait(false);
        return Multilook.MultilookReply.Read(
            document.RootElement, shared, asked,
            (completion, conversation) => Engine.InterpretCompletion(completion.Span, conversation, options),
            (part, error) => Engine.PartError(part, error, null));
    }

    /// <summary>
    /// Lists the models the API offers, with their limits and capabilities (<c>GET /models?extended=true</c>). The client
    /// remembers the capabilities: a later call that uses tools, a regex or a JSON schema on a model that does not list
    /// the capability logs a warning once (it is still sent: the list may be behind the service).
    /// </summary>
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
                    Engine.RememberCapabilities(model.Id, model.Capabilities);
                }
            }
        }

        return models;
    }
}
