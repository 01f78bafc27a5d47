using Connectors.Emulator.Scenes;

namespace Connectors.Emulator.Chat;

/// <summary>A validated chat request in dialect-neutral form.</summary>
internal sealed class ChatInput
{
    public required EmulatorDialect Dialect { get; init; }

    public required string Model { get; init; }

    public string SystemText { get; init; } = "";

    public string LastUserText { get; init; } = "";

    public int PromptChars { get; init; }

    /// <summary>Images in request order; the last one is the one annotations refer to.</summary>
    public List<ImageInput> Images { get; init; } = [];

    public bool HasTools { get; init; }

    /// <summary>The function tools declared, for the emulator's own tool use.</summary>
    public IReadOnlyList<Tools.ToolDeclaration> Tools { get; init; } = [];

    public bool HasToolResults { get; init; }

    /// <summary><c>tool_choice: "none"</c>: the model must answer in text even when tools are listed.</summary>
    public bool ToolChoiceNone { get; init; }

    public bool Stream { get; init; }

    public bool IncludeUsage { get; init; }

    public SpatialHints Hints { get; init; } = SpatialHints.None;

    public int? MaxTokens { get; init; }

    public int N { get; init; } = 1;

    public RagRequest? Rag { get; init; }

    /// <summary>Media parts of any kind (images, video, audio), each costing a fixed number of tokens.</summary>
    public int MediaCount { get; init; }

    public int PromptTokens => TokenCounter.Prompt(PromptChars, MediaCount);
}

/// <summary>An image part: decoded bytes of a data URL, or an http(s) URL to fetch.</summary>
internal sealed record ImageInput(string? MediaType, byte[]? Bytes, Uri? Url);

internal sealed record RagRequest(string TableId, int K, string SearchQuery, bool InlineCitations, string? RerankingModel);
