namespace Connectors.Emulator.JamAI;

/// <summary>A model listed by the JamAI routes (a small organization's catalogue, fixed).</summary>
internal sealed class JamAIModel
{
    /// <summary>Model id, <c>provider/model</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Display name.</summary>
    public string Name { get; init; } = "";

    /// <summary>Model type: llm, embed or rerank.</summary>
    public string Type { get; init; } = "llm";

    /// <summary>Owner (provider).</summary>
    public string OwnedBy { get; init; } = "";

    /// <summary>Capabilities: completion, chat, tool, image, audio, embed, rerank, reasoning...</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = ["chat"];

    /// <summary>Context window.</summary>
    public int ContextLength { get; init; } = 128000;

    /// <summary>Output cap.</summary>
    public int MaxOutputTokens { get; init; } = 8192;

    /// <summary>Whether <see cref="Capabilities"/> holds <paramref name="capability"/>.</summary>
    public bool Has(string capability) => Capabilities.Contains(capability, StringComparer.Ordinal);

    /// <summary>A small organization's catalogue.</summary>
    public static List<JamAIModel> Defaults() =>
    [
        new() { Id = "openai/gpt-4o-mini", Name = "OpenAI GPT-4o Mini", OwnedBy = "openai", Capabilities = ["completion", "chat", "tool", "image"], ContextLength = 128000, MaxOutputTokens = 16384 },
        new() { Id = "anthropic/claude-haiku-4-5", Name = "Anthropic Claude Haiku 4.5", OwnedBy = "anthropic", Capabilities = ["chat", "tool", "image", "reasoning"], ContextLength = 200000, MaxOutputTokens = 64000 },
        new() { Id = "ellm/qwen3-8b", Name = "ELLM Qwen3 8B", OwnedBy = "ellm", Capabilities = ["completion", "chat", "tool", "reasoning"], ContextLength = 32000, MaxOutputTokens = 8192 },
        new() { Id = "ellm/bge-small-en-v1.5", Name = "ELLM BGE Small", Type = "embed", OwnedBy = "ellm", Capabilities = ["embed"], ContextLength = 512, MaxOutputTokens = 0 },
        new() { Id = "cohere/rerank-english-v3.0", Name = "Cohere Rerank English v3", Type = "rerank", OwnedBy = "cohere", Capabilities = ["rerank"], ContextLength = 4096, MaxOutputTokens = 0 },
    ];
}
