using System.ComponentModel;
using System.Text.Json.Serialization;
using Connectors.JamAI;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;

namespace Connectors.Cli.Mcp;

/// <summary>JamAI Base answers as a kernel function, so the MCP tool is built from the same metadata as the vision ones.</summary>
internal sealed class JamAIAnswers
{
    /// <summary>The plugin name (the tool appears as <c>JamAI_Chat</c>).</summary>
    public const string PluginName = "JamAI";

    private readonly IChatClient _client;

    public JamAIAnswers(IChatClient client) => _client = client;

    [KernelFunction("Chat")]
    [Description("Asks JamAI Base a question and returns its answer; with a Knowledge Table id in 'rag', the answer is drawn from that table, with citations.")]
    public async Task<JamAIAnswer> ChatAsync(
        [Description("The question or message.")] string message,
        [Description("The id of a JamAI Knowledge Table to answer from (retrieval-augmented generation); omit for a plain answer.")] string? rag = null,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            throw new ArgumentException("message is required: give the question to ask JamAI Base.", nameof(message));
        }

        var options = new ChatOptions();
        if (!string.IsNullOrWhiteSpace(rag))
        {
            options.WithRag(new RagParams(rag.Trim()));
        }

        var response = await _client.GetResponseAsync([new ChatMessage(ChatRole.User, message.Trim())], options, cancellationToken).ConfigureAwait(false);
        var citations = response.GetCitations().Select(static c => new JamAICitation(c.Title, c.Snippet)).ToList();
        return new JamAIAnswer(response.Text, response.ModelId, citations.Count > 0 ? citations : null);
    }
}

/// <summary>The answer of <see cref="JamAIAnswers.ChatAsync"/>.</summary>
internal sealed record JamAIAnswer(
    [property: JsonPropertyName("answer")] string Answer,
    [property: JsonPropertyName("model")] string? Model,
    [property: JsonPropertyName("citations")] IReadOnlyList<JamAICitation>? Citations);

/// <summary>One source a RAG answer cites.</summary>
internal sealed record JamAICitation(
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("text")] string? Text);
