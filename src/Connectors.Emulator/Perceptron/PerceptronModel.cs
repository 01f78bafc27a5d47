namespace Connectors.Emulator.Perceptron;

/// <summary>A model listed by the Perceptron routes, with the limits the emulator enforces (the public service's catalogue, fixed).</summary>
internal sealed class PerceptronModel
{
    /// <summary>Model id used in requests.</summary>
    public required string Id { get; init; }

    /// <summary>Display name.</summary>
    public string Name { get; init; } = "";

    /// <summary>Short description.</summary>
    public string Description { get; init; } = "";

    /// <summary>Capabilities such as <c>tool_calling</c>, <c>regex</c>, <c>response_format_json_schema</c>.</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = [];

    /// <summary>Input modalities.</summary>
    public IReadOnlyList<string> Modalities { get; init; } = ["text", "image"];

    /// <summary>Grounded output formats (point, box, polygon, clip).</summary>
    public IReadOnlyList<string> OutputFormats { get; init; } = ["point", "box", "polygon"];

    /// <summary>Sampling parameters the model honours.</summary>
    public IReadOnlyList<string> SamplingParameters { get; init; } = ["temperature", "top_p", "top_k", "frequency_penalty", "presence_penalty"];

    /// <summary>Whether the model can reason.</summary>
    public bool ReasoningSupported { get; init; }

    /// <summary>Whether reasoning cannot be turned off.</summary>
    public bool ReasoningAlwaysEnabled { get; init; }

    /// <summary>Context window shared by prompt and output.</summary>
    public int MaxContextTokens { get; init; } = 8192;

    /// <summary>Output cap.</summary>
    public int MaxOutputTokens { get; init; } = 4096;

    /// <summary>True for the mk1 family, which reads <c>vision_config</c>.</summary>
    public bool IsMk1Family => Id.StartsWith("perceptron-mk1", StringComparison.Ordinal);

    /// <summary>Whether <see cref="Capabilities"/> holds <paramref name="capability"/>.</summary>
    public bool Has(string capability) => Capabilities.Contains(capability, StringComparer.Ordinal);

    /// <summary>The models the public service lists.</summary>
    public static List<PerceptronModel> Defaults()
    {
        string[] structured = ["tool_calling", "regex", "response_format_json_schema"];
        return
        [
            new() { Id = "isaac-0.1", Name = "Isaac 0.1", Description = "First Isaac vision-language model.", Capabilities = [], MaxContextTokens = 8192, MaxOutputTokens = 4096 },
            new() { Id = "isaac-0.2-1b", Name = "Isaac 0.2 1B", Description = "Small Isaac 0.2.", Capabilities = structured, ReasoningSupported = true, MaxContextTokens = 8192, MaxOutputTokens = 8192 },
            new() { Id = "isaac-0.2-2b-preview", Name = "Isaac 0.2 2B Preview", Description = "Isaac 0.2 preview.", Capabilities = structured, ReasoningSupported = true, MaxContextTokens = 8192, MaxOutputTokens = 8192 },
            new() { Id = "isaac-0.3-fast", Name = "Isaac 0.3 Fast", Description = "Fast Isaac 0.3.", Capabilities = structured, ReasoningSupported = true, MaxContextTokens = 32768, MaxOutputTokens = 8192 },
            new() { Id = "isaac-0.3-max", Name = "Isaac 0.3 Max", Description = "Largest Isaac 0.3.", Capabilities = structured, ReasoningSupported = true, MaxContextTokens = 32768, MaxOutputTokens = 8192 },
            new() { Id = "perceptron-mk1", Name = "Perceptron Mk1", Description = "Mk1 vision model.", Capabilities = structured, Modalities = ["text", "image", "video"], OutputFormats = ["point", "box", "polygon", "clip"], ReasoningSupported = true, MaxContextTokens = 32768, MaxOutputTokens = 8192 },
            new() { Id = "perceptron-mk1.5", Name = "Perceptron Mk1.5", Description = "Current default vision model.", Capabilities = structured, Modalities = ["text", "image", "video", "audio"], OutputFormats = ["point", "box", "polygon", "clip"], ReasoningSupported = true, MaxContextTokens = 32768, MaxOutputTokens = 8192 },
        ];
    }
}
