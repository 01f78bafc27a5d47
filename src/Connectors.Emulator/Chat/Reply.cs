using Connectors.Emulator.Knowledge;

namespace Connectors.Emulator.Chat;

/// <summary>What the emulator answers, before a dialect puts it on the wire.</summary>
internal sealed class Reply
{
    public string Content { get; set; } = "";

    public string? Reasoning { get; set; }

    public List<ToolCallOut> ToolCalls { get; } = [];

    public string FinishReason { get; set; } = "stop";

    public int PromptTokens { get; set; }

    public int CompletionTokens { get; set; }

    public int ReasoningTokens { get; set; }

    public int CachedTokens { get; set; }

    /// <summary>Prompt tokens spent on sound (audio parts, a video's soundtrack when asked for).</summary>
    public int AudioTokens { get; set; }

    public int? ChunkSize { get; set; }

    public int DelayMs { get; set; }

    public string? Fault { get; set; }

    public string? RuleName { get; set; }

    public RetrievedReferences? References { get; set; }

    public int TotalTokens => PromptTokens + CompletionTokens;
}

internal sealed record ToolCallOut(string Id, string Name, string Arguments);

/// <summary>What retrieval found: the rows in rank order, the query, and the table searched.</summary>
internal sealed record RetrievedReferences(IReadOnlyList<KnowledgeRow> Chunks, string SearchQuery, string TableId);
