using System.Text.Json.Serialization;

namespace Connectors.SemanticKernel;

/// <summary>The result of <c>Vision.ReadText</c>: the text of the image, in the format asked for.</summary>
public sealed class TextReadingResult : VisionResult
{
    internal TextReadingResult(VisionImageInfo image, string format, string answer, string? reasoning)
        : base(image, answer, reasoning) => Format = format;

    /// <summary>Gets the format of <see cref="VisionResult.Answer"/>: <c>plain</c>, <c>markdown</c> or <c>html</c>.</summary>
    [JsonPropertyName("format")]
    public string Format { get; }

    /// <summary>Gets the text read (the same as <see cref="VisionResult.Answer"/>).</summary>
    [JsonIgnore]
    public string Text => Answer;
}
