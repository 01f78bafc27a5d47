using Connectors.Core.Media;
using Connectors.Core.Wire;
using Microsoft.Extensions.AI;

namespace Connectors.Perceptron;

/// <summary>
/// Perceptron's media parts beyond images: whole videos (<c>video_url</c>), frames (<c>video_frames</c>) and audio
/// (<c>input_audio</c>, <c>audio_url</c>). Formats are told from the bytes, as the vendor's SDK does, so a wrong
/// media type never reaches the server.
/// </summary>
internal static class MediaParts
{
    private static readonly string[] ImageTypes = ["image/png", "image/jpeg", "image/jpg", "image/webp"];

    /// <summary>The wire part for this content, null to let the engine convert it; throws for media the API refuses.</summary>
    public static WireContentPart? Convert(AIContent content) => content switch
    {
        DataContent image when image.HasTopLevelMediaType("image") && Array.IndexOf(ImageTypes, image.MediaType.ToLowerInvariant()) < 0 =>
            throw new NotSupportedException($"Perceptron accepts png, jpeg and webp images; this image is '{image.MediaType}'. Re-encode it as PNG or JPEG."),
        DataContent video when video.HasTopLevelMediaType("video") => new WireContentPart
        {
            Type = "video_url",
            VideoUrl = new WireImageUrl { Data = video.Data, MediaType = "video/" + VideoFormat(video) },
        },
        UriContent video when video.HasTopLevelMediaType("video") && IsHttp(video.Uri) => new WireContentPart
        {
            Type = "video_url",
            VideoUrl = new WireImageUrl { Url = video.Uri.ToString() },
        },
        DataContent audio when audio.HasTopLevelMediaType("audio") => new WireContentPart
        {
            Type = "input_audio",
            InputAudio = new WireInputAudio { Data = System.Convert.ToBase64String(audio.Data.Span), Format = AudioFormat(audio) },
        },
        UriContent audio when audio.HasTopLevelMediaType("audio") && IsHttp(audio.Uri) => new WireContentPart
        {
            Type = "audio_url",
            AudioUrl = new WireImageUrl { Url = audio.Uri.ToString() },
        },
        VideoFramesContent frames => new WireContentPart
        {
            Type = "video_frames",
            VideoFrames = new WireVideoFrames { Frames = [.. frames.Frames.Select(Frame)] },
        },
        _ => null,
    };

    private static WireVideoFrame Frame(VideoFrame frame) => new()
    {
        ImageUrl = frame.Image switch
        {
            DataContent data => new WireImageUrl { Data = data.Data, MediaType = FrameType(data) },
            UriContent uri => new WireImageUrl { Url = uri.Uri.ToString() },
            _ => throw new InvalidOperationException("A video frame holds a DataContent or a UriContent."),
        },
        TimestampMs = (long)frame.Timestamp.TotalMilliseconds,
    };

    private static string FrameType(DataContent frame) => MediaSniffer.MediaType(frame.Data.Span) is { } type && type is "image/png" or "image/jpeg" or "image/webp"
        ? type
        : throw new NotSupportedException($"A video frame's bytes (declared '{frame.MediaType}') are not a png, jpeg or webp image. Re-encode the frame as PNG or JPEG.");

    private static bool IsHttp(Uri uri) => uri.Scheme is "http" or "https";

    private static string VideoFormat(DataContent video) => MediaSniffer.VideoFormat(video.Data.Span)
        ?? throw new NotSupportedException($"Perceptron accepts mp4 (QuickTime included) and webm videos; these bytes (declared '{video.MediaType}') are neither. Convert the video to mp4, or send it as frames with VideoFramesContent.");

    private static string AudioFormat(DataContent audio) => MediaSniffer.AudioFormat(audio.Data.Span)
        ?? throw new NotSupportedException($"Perceptron accepts wav, mp3 and flac audio; these bytes (declared '{audio.MediaType}') are none of them (AAC, OGG and M4A are refused). Convert the audio to wav, mp3 or flac.");
}
