using System.Text.Json.Serialization;

namespace Connectors.SemanticKernel;

/// <summary>Which image a vision result is about, and its size when the plugin had its bytes.</summary>
/// <param name="Source">Where it came from: a file name, a registered name, <c>image:N</c> or a URL without its query.</param>
/// <param name="Width">The width in pixels, or null when unknown (a URL passed through): then only grid coordinates are given.</param>
/// <param name="Height">The height in pixels, or null when unknown.</param>
public sealed record VisionImageInfo(
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("width")] int? Width,
    [property: JsonPropertyName("height")] int? Height);
