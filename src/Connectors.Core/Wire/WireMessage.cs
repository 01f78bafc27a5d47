using System.Text.Json.Serialization;

namespace Connectors.Core.Wire;

/// <summary>One entry of <c>messages</c>.</summary>
internal sealed class WireMessage
{
    [JsonPropertyName("role")]
    public required string Role { get; set; }

    /// <summary>A plain string when the message is one text part, otherwise an array of parts.</summary>
    [JsonPropertyName("content")]
    public WireMessageContent? Content { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("reasoning_content")]
    public string? ReasoningContent { get; set; }

    [JsonPropertyName("tool_calls")]
    public List<WireToolCall>? ToolCalls { get; set; }

    [JsonPropertyName("tool_call_id")]
    public string? ToolCallId { get; set; }
}

/// <summary>Message content: either text or a list of parts.</summary>
[JsonConverter(typeof(WireMessageContentConverter))]
internal sealed class WireMessageContent
{
    public WireMessageContent(string text) => Text = text;

    public WireMessageContent(List<WireContentPart> parts) => Parts = parts;

    public string? Text { get; }

    public List<WireContentPart>? Parts { get; }
}

/// <summary>A content part: <c>text</c>, <c>image_url</c>, <c>input_audio</c>, or a service's own media parts (video, audio URLs).</summary>
internal sealed class WireContentPart
{
    [JsonPropertyName("type")]
    public required string Type { get; set; }

    [JsonPropertyName("text")]
    public string? Text { get; set; }

    [JsonPropertyName("image_url")]
    public WireImageUrl? ImageUrl { get; set; }

    [JsonPropertyName("input_audio")]
    public WireInputAudio? InputAudio { get; set; }

    /// <summary>A whole video by URL or data URL (Perceptron).</summary>
    [JsonPropertyName("video_url")]
    public WireImageUrl? VideoUrl { get; set; }

    /// <summary>A video as timestamped frames, one asset (Perceptron).</summary>
    [JsonPropertyName("video_frames")]
    public WireVideoFrames? VideoFrames { get; set; }

    /// <summary>Audio by URL or data URL (Perceptron).</summary>
    [JsonPropertyName("audio_url")]
    public WireImageUrl? AudioUrl { get; set; }

    /// <summary>An uploaded image, by file id (Perceptron).</summary>
    [JsonPropertyName("image_file_id")]
    public WireFileRef? ImageFileId { get; set; }

    /// <summary>An uploaded video, by file id (Perceptron).</summary>
    [JsonPropertyName("video_file_id")]
    public WireFileRef? VideoFileId { get; set; }

    /// <summary>Uploaded audio, by file id (Perceptron).</summary>
    [JsonPropertyName("audio_file_id")]
    public WireFileRef? AudioFileId { get; set; }

    public static WireContentPart ForText(string text) => new() { Type = "text", Text = text };
}

/// <summary>An image reference: a URL, or bytes written as a data URL straight into the request body.</summary>
[JsonConverter(typeof(WireImageUrlConverter))]
internal sealed class WireImageUrl
{
    public string? Url { get; init; }

    public ReadOnlyMemory<byte> Data { get; init; }

    public string? MediaType { get; init; }

    public string? Detail { get; init; }

    /// <summary>Characters the <c>url</c> value takes on the wire.</summary>
    public long WireLength => Url?.Length ?? ("data:".Length + (MediaType?.Length ?? 0) + ";base64,".Length + (((long)Data.Length + 2) / 3 * 4));
}

/// <summary>A reference to an uploaded file: <c>{"file_id":"file-…"}</c>.</summary>
internal sealed class WireFileRef
{
    [JsonPropertyName("file_id")]
    public required string FileId { get; set; }
}

/// <summary>Audio given inline as base64.</summary>
internal sealed class WireInputAudio
{
    [JsonPropertyName("data")]
    public required string Data { get; set; }

    [JsonPropertyName("format")]
    public required string Format { get; set; }
}

/// <summary>The frames of a <c>video_frames</c> part.</summary>
internal sealed class WireVideoFrames
{
    [JsonPropertyName("frames")]
    public required List<WireVideoFrame> Frames { get; set; }

    /// <summary>Characters the frames take on the wire.</summary>
    [JsonIgnore]
    public long WireLength => Frames.Sum(static f => 48 + f.ImageUrl.WireLength);
}

/// <summary>One frame: an image and its time in whole milliseconds; only these two keys are allowed.</summary>
internal sealed class WireVideoFrame
{
    [JsonPropertyName("image_url")]
    public required WireImageUrl ImageUrl { get; set; }

    [JsonPropertyName("timestamp_ms")]
    public required long TimestampMs { get; set; }
}
