using System.Text.Json.Serialization;

namespace Connectors.SemanticKernel;

/// <summary>What every vision function returns: the image it looked at and the model's own words.</summary>
public abstract class VisionResult
{
    private protected VisionResult(VisionImageInfo image, string answer, string? reasoning)
    {
        Image = image;
        Answer = answer;
        Reasoning = reasoning;
    }

    /// <summary>Gets the image looked at.</summary>
    [JsonPropertyName("image")]
    [JsonPropertyOrder(-2)]
    public VisionImageInfo Image { get; }

    /// <summary>Gets the model's answer text, with grounding tags replaced by their mentions.</summary>
    [JsonPropertyName("answer")]
    [JsonPropertyOrder(10)]
    public string Answer { get; }

    /// <summary>Gets the model's reasoning when it showed any, or null.</summary>
    [JsonPropertyName("reasoning")]
    [JsonPropertyOrder(11)]
    public string? Reasoning { get; }
}
