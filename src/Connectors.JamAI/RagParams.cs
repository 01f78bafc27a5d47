using System.Text.Json.Serialization;

namespace Connectors.JamAI;

/// <summary>
/// Retrieval-augmented generation over a JamAI Knowledge Table (the request's <c>rag_params</c>). Unset
/// fields are omitted, so the gateway's defaults apply. Set it with
/// <see cref="JamAIChatOptionsExtensions.WithRag(Microsoft.Extensions.AI.ChatOptions, RagParams)"/>.
/// </summary>
public sealed class RagParams
{
    /// <summary>Creates retrieval parameters for a Knowledge Table.</summary>
    /// <param name="tableId">The Knowledge Table id in the project; must not be empty.</param>
    /// <exception cref="ArgumentException"><paramref name="tableId"/> is empty.</exception>
    public RagParams(string tableId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableId);
        TableId = tableId;
    }

    /// <summary>The Knowledge Table to search (<c>table_id</c>).</summary>
    [JsonPropertyName("table_id")]
    public string TableId { get; }

    /// <summary>The reranking model id (<c>reranking_model</c>); unset means no reranking.</summary>
    [JsonPropertyName("reranking_model")]
    public string? RerankingModel { get; set; }

    /// <summary>
    /// The search query (<c>search_query</c>). Unset or empty lets the gateway write the queries itself with
    /// extra model calls.
    /// </summary>
    [JsonPropertyName("search_query")]
    public string? SearchQuery { get; set; }

    /// <summary>How many chunks to keep after the hybrid search (<c>k</c>), 1 to 1024; the gateway's default is 3.</summary>
    [JsonPropertyName("k")]
    public int? K { get; set; }

    /// <summary>The deprecated <c>rerank</c> flag; current gateways ignore it (use <see cref="RerankingModel"/>).</summary>
    [JsonPropertyName("rerank")]
    public bool? Rerank { get; set; }

    /// <summary>Whether the reranker sees title and content together (<c>concat_reranker_input</c>); the gateway's default is false.</summary>
    [JsonPropertyName("concat_reranker_input")]
    public bool? ConcatRerankerInput { get; set; }

    /// <summary>
    /// Whether the model cites chunks inline as <c>[@0]</c> or <c>[@0; @3]</c> (<c>inline_citations</c>); the
    /// gateway's default is true. The markers become <see cref="Microsoft.Extensions.AI.CitationAnnotation"/>s.
    /// </summary>
    [JsonPropertyName("inline_citations")]
    public bool? InlineCitations { get; set; }

    /// <summary>Checks the values against the gateway's limits.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (K is < 1 or > 1024)
        {
            throw new ArgumentException($"RagParams.K must be between 1 and 1024, not {K}.", nameof(K));
        }

        if (RerankingModel is { Length: 0 })
        {
            throw new ArgumentException("RagParams.RerankingModel must not be empty: leave it null for no reranking.", nameof(RerankingModel));
        }
    }
}
