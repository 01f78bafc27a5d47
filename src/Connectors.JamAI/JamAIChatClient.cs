using System.Text;
using System.Text.Json;
using Connectors.Core;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Connectors.JamAI;

/// <summary>
/// An <see cref="IChatClient"/> for the JamAI Base LLM gateway (<c>POST {endpoint}/v1/chat/completions</c>):
/// Knowledge Table retrieval with citations, tools, reasoning, and the gateway's request rules.
/// </summary>
/// <remarks>
/// <para><b>Requests.</b> Unset options are omitted, never sent as null. <see cref="ChatOptions.Temperature"/> is
/// clamped into [0.001, 2] and <see cref="ChatOptions.TopP"/> into [0.001, 1], the ranges the gateway documents.
/// <see cref="ChatOptions.MaxOutputTokens"/> is sent as <c>max_tokens</c>, which every gateway version reads.
/// Stop sequences are sent only as a non-empty array. A JSON <see cref="ChatOptions.ResponseFormat"/> throws
/// <see cref="NotSupportedException"/>, because the gateway would drop it silently. <see cref="ChatOptions.Seed"/>,
/// <see cref="ChatOptions.TopK"/> and <see cref="ChatOptions.AllowMultipleToolCalls"/> are not sent (the gateway drops
/// them). <see cref="ReasoningOptions.Effort"/> becomes <c>reasoning_effort</c> (<see cref="ReasoningEffort.None"/> is
/// <c>disable</c>) and <see cref="ReasoningOptions.Output"/> becomes <c>reasoning_summary</c> (<c>auto</c> or <c>detailed</c>).
/// Vendor fields are set with <see cref="JamAIChatOptionsExtensions"/>.</para>
/// <para><b>Tools.</b> Function schemas are flattened to the gateway's one-level shape; item types, nested fields,
/// formats, ranges, defaults and numeric enums move into each property's description.
/// <see cref="HostedWebSearchTool"/> and <see cref="HostedCodeInterpreterTool"/> map to the gateway's
/// <c>web_search</c> and <c>code_interpreter</c> tools (OpenAI models only).</para>
/// <para><b>Tool turns in the history.</b> The gateway has no <c>tool</c> role, so earlier tool calls and results are
/// folded into text, which lets <c>UseFunctionInvocation()</c> run multi-step loops. The format is stable:
/// an assistant message's <see cref="FunctionCallContent"/>s become lines
/// <c>&lt;tool_call id="ID" name="NAME"&gt;{"arg":"value"}&lt;/tool_call&gt;</c> after its text, and
/// <see cref="FunctionResultContent"/>s (the <c>tool</c> message) become a user message of lines
/// <c>&lt;tool_result id="ID" name="NAME"&gt;RESULT&lt;/tool_result&gt;</c>, with <c>error="true"</c> after the name
/// when the function failed. The result is its string, or its JSON. Lines are joined with <c>\n</c>; attribute
/// values escape <c>&amp; " &lt; &gt;</c>; adjacent folded messages of one role are merged.</para>
/// <para><b>Replies.</b> References of a retrieval-augmented answer are a <see cref="JamAIReferencesContent"/> and
/// <see cref="CitationAnnotation"/>s; see <see cref="JamAIResponseExtensions"/>. Every call sends a fresh
/// <c>X-REQUEST-ID</c>; it is in <c>AdditionalProperties["request_id"]</c> of the response (and of each streaming
/// update) and in <see cref="ChatServiceException.RequestId"/> of errors the gateway echoed it on. With <c>n</c> &gt; 1
/// the further choices are in <c>AdditionalProperties["choices"]</c>; use
/// <see cref="JamAIResponseExtensions.GetChoices(ChatResponse)"/>. Failures throw the
/// <see cref="ChatServiceException"/> family.</para>
/// </remarks>
public sealed class JamAIChatClient : ChatCompletionsClient
{
    /// <summary>Creates a client.</summary>
    /// <param name="options">Endpoint, credentials, project and default model; copied, so later changes do not apply.</param>
    /// <param name="httpClient">The HTTP client to send with; it is not disposed by this client. Null uses a shared one.</param>
    /// <param name="logger">Receives a debug entry for each option the service ignores and this client therefore does not send.</param>
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    public JamAIChatClient(JamAIClientOptions options, HttpClient? httpClient = null, ILogger? logger = null)
        : base(JamAIProfile.Create(Own(options, out var own)), own, own.Clone, httpClient, logger)
    {
    }

    /// <summary>Lists the models the gateway offers to this project (<c>GET v1/models</c>).</summary>
    /// <param name="capabilities">Only models with all of these capabilities, such as <c>chat</c>, <c>tool</c>, <c>image</c>, <c>reasoning</c>; null for all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The models.</returns>
    public async Task<IReadOnlyList<JamAIModelInfo>> ListModelsAsync(IEnumerable<string>? capabilities = null, CancellationToken cancellationToken = default)
    {
        var query = new StringBuilder("v1/models");
        var separator = '?';
        foreach (var capability in capabilities ?? [])
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(capability, nameof(capabilities));
            query.Append(separator).Append("capabilities=").Append(Uri.EscapeDataString(capability.Trim()));
            separator = '&';
        }

        using var document = await Engine.GetJsonAsync(query.ToString(), cancellationToken).ConfigureAwait(false);
        var root = document.RootElement;
        var data = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var list) ? list : root;
        if (data.ValueKind != JsonValueKind.Array)
        {
            throw new ChatServiceException($"jamai returned a model listing without a data array ({data.ValueKind}).") { ProviderName = "jamai" };
        }

        var models = new List<JamAIModelInfo>(data.GetArrayLength());
        foreach (var item in data.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object && item.Deserialize(JamAIJsonContext.Default.JamAIModelInfo) is { Id.Length: > 0 } model)
            {
                models.Add(model);
            }
        }

        return models;
    }

    /// <summary>Lists the ids of the models the gateway offers (<c>GET v1/models/ids</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The model ids.</returns>
    public async Task<IReadOnlyList<string>> ListModelIdsAsync(CancellationToken cancellationToken = default)
    {
        using var document = await Engine.GetJsonAsync("v1/models/ids", cancellationToken).ConfigureAwait(false);
        var root = document.RootElement;
        var data = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var list) ? list : root;
        if (data.ValueKind != JsonValueKind.Array)
        {
            throw new ChatServiceException($"jamai returned a model id listing that is not an array ({data.ValueKind}).") { ProviderName = "jamai" };
        }

        return [.. data.EnumerateArray().Where(static e => e.ValueKind == JsonValueKind.String).Select(static e => e.GetString()!)];
    }

    /// <summary>
    /// Sets <see cref="CitationAnnotation.Url"/> on the response's citations whose source is a stored file (a
    /// <see cref="CitationAnnotation.FileId"/> such as <c>s3://…</c>) to a downloadable address, with one call for
    /// the whole answer (<c>POST v2/files/url/raw</c>). The addresses the server gives may expire.
    /// </summary>
    /// <param name="response">A response of this client, streamed and coalesced or not.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The same response.</returns>
    public async Task<ChatResponse> ResolveCitationUrlsAsync(ChatResponse response, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        var citations = response.Messages
            .SelectMany(static m => m.Contents)
            .SelectMany(static c => c.Annotations ?? [])
            .OfType<CitationAnnotation>()
            .Where(static c => c.Url is null && !string.IsNullOrEmpty(c.FileId))
            .ToList();
        var uris = citations.Select(static c => c.FileId!).Distinct(StringComparer.Ordinal).ToList();
        if (uris.Count == 0)
        {
            return response;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(new FileUrlsRequest(uris), JamAIJsonContext.Default.FileUrlsRequest);
        using var document = await Engine.SendJsonAsync(HttpMethod.Post, "v2/files/url/raw", body, cancellationToken).ConfigureAwait(false);
        if (!document.RootElement.TryGetProperty("urls", out var urls) || urls.ValueKind != JsonValueKind.Array || urls.GetArrayLength() != uris.Count)
        {
            throw new ChatServiceException($"jamai answered a request for {uris.Count} file addresses without {uris.Count} urls.") { ProviderName = "jamai" };
        }

        var resolved = new Dictionary<string, Uri>(StringComparer.Ordinal);
        var index = 0;
        foreach (var url in urls.EnumerateArray())
        {
            if (url.ValueKind == JsonValueKind.String && Uri.TryCreate(url.GetString(), UriKind.Absolute, out var address)
                && (address.Scheme == Uri.UriSchemeHttps || address.Scheme == Uri.UriSchemeHttp))
            {
                resolved[uris[index]] = address;
            }

            index++;
        }

        foreach (var citation in citations)
        {
            if (resolved.TryGetValue(citation.FileId!, out var address))
            {
                citation.Url = address;
            }
        }

        return response;
    }
}
