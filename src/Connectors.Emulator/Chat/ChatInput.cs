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

    /// <summary>Few-shot examples: an earlier image and the assistant turn that tagged it.</summary>
    public IReadOnlyList<(byte[] Image, string Tags)> Examples { get; init; } = [];

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

    /// <summary>Every media part in wire order (its position is its <c>asset_idx</c>); the last one is what an answer is about.</summary>
    public List<MediaInput> Media { get; init; } = [];

    /// <summary>Prompt tokens of sound: audio parts, and videos when <c>enable_audio_in_video</c> is true.</summary>
    public int AudioTokens { get; init; }

    /// <summary>Media parts of any kind (images, video, audio), each costing a fixed number of tokens.</summary>
    public int MediaCount { get; init; }

    public int PromptTokens => TokenCounter.Prompt(PromptChars, MediaCount);
}

/// <summary>
/// One media part: an image, a whole video (not decoded: the emulator describes what it can), frames it can watch,
/// or audio. <see cref="Frames"/> is set for <c>video_frames</c>.
/// </summary>
internal sealed record MediaInput(string Kind, string Description, IReadOnlyList<(ImageInput Image, int TimestampMs)>? Frames = null);

/// <summary>An image part: decoded bytes of a data URL, or an http(s) URL to fetch.</summary>
internal sealed record ImageInput(string? MediaType, byte[]? Bytes, Uri? Url);

internal sealed record RagRequest(string TableId, int K, string SearchQuery, bool InlineCitations, string? RerankingModel);
