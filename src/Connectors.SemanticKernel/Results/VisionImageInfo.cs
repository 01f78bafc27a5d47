using System.Text.Json.Serialization;

namespace Connectors.SemanticKernel;

/// <summary>Which image a vision result is about, and its size when the plugin had its bytes.</summary>
public sealed class VisionImageInfo
{
    internal VisionImageInfo(string source, int? width, int? height)
    {
        Source = source;
        Width = width;
        Height = height;
    }

    /// <summary>Gets where it came from: a file name, a registered name, <c>image:N</c> or a URL without its query.</summary>
    [JsonPropertyName("source")]
    public string Source { get; }

    /// <summary>Gets the width in pixels, or null when unknown (a URL passed through): then only grid coordinates are given.</summary>
    [JsonPropertyName("width")]
    public int? Width { get; }

    /// <summary>Gets the height in pixels, or null when unknown.</summary>
    [JsonPropertyName("height")]
    public int? Height { get; }
}
