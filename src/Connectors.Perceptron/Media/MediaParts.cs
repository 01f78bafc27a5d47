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
    /// <param name="content">The content.</param>
    /// <param name="endpoint">The API address, for the content URL of an uploaded frame.</param>
    public static WireContentPart? Convert(AIContent content, Uri endpoint) => content switch
    {
        HostedFileContent file => FilePart(file),
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
            VideoFrames = new WireVideoFrames { Frames = [.. frames.Frames.Select(frame => Frame(frame, endpoint))] },
        },
        _ => null,
    };

    private static WireVideoFrame Frame(VideoFrame frame, Uri endpoint) => new()
    {
        ImageUrl = frame.Image switch
        {
            // Frames have no file-id form: an uploaded frame goes as its content URL, which the API reads with the caller's key.
            HostedFileContent file => new WireImageUrl { Url = ContentUrl(endpoint, file.FileId) },
            DataContent data => new WireImageUrl { Data = data.Data, MediaType = FrameType(data) },
            UriContent uri => new WireImageUrl { Url = uri.Uri.ToString() },
            _ => throw new InvalidOperationException("A video frame holds a DataContent, a UriContent or a HostedFileContent."),
        },
        TimestampMs = (long)frame.Timestamp.TotalMilliseconds,
    };

    /// <summary>An uploaded file as <c>image_file_id</c>, <c>video_file_id</c> or <c>audio_file_id</c>, by its media type.</summary>
    private static WireContentPart FilePart(HostedFileContent file)
    {
        var id = new WireFileRef { FileId = Files.FileKinds.CheckId(file.FileId, "messages") };
        return file.MediaType switch
        {
            null => throw new NotSupportedException(
                $"Perceptron needs to know whether the file {file.FileId} is an image, a video or audio: set HostedFileContent.MediaType (such as image/png, video/mp4 or audio/wav). The HostedFileContent that PerceptronFileClient.UploadAsync returns has it set."),
            _ when file.HasTopLevelMediaType("image") => new WireContentPart { Type = "image_file_id", ImageFileId = id },
            _ when file.HasTopLevelMediaType("video") => new WireContentPart { Type = "video_file_id", VideoFileId = id },
            _ when file.HasTopLevelMediaType("audio") => new WireContentPart { Type = "audio_file_id", AudioFileId = id },
            var other => throw new NotSupportedException(
                $"Perceptron takes uploaded images, videos and audio in chats; the file {file.FileId} is '{other}'. Set HostedFileContent.MediaType to an image/, video/ or audio/ type."),
        };
    }

    /// <summary>An uploaded file's content URL, <c>{endpoint}/files/{id}/content</c>.</summary>
    internal static string ContentUrl(Uri endpoint, string fileId) =>
        $"{endpoint.ToString().TrimEnd('/')}/files/{Uri.EscapeDataString(Files.FileKinds.CheckId(fileId, "messages"))}/content";

    private static string FrameType(DataContent frame) => MediaSniffer.MediaType(frame.Data.Span) is { } type && type is "image/png" or "image/jpeg" or "image/webp"
        ? type
        : throw new NotSupportedException($"A video frame's bytes (declared '{frame.MediaType}') are not a png, jpeg or webp image. Re-encode the frame as PNG or JPEG.");

    private static bool IsHttp(Uri uri) => uri.Scheme is "http" or "https";

    private static string VideoFormat(DataContent video) => MediaSniffer.VideoFormat(video.Data.Span)
        ?? throw new NotSupportedException($"Perceptron accepts mp4 (QuickTime included) and webm videos; these bytes (declared '{video.MediaType}') are neither. Convert the video to mp4, or send it as frames with VideoFramesContent.");

    private static string AudioFormat(DataContent audio) => MediaSniffer.AudioFormat(audio.Data.Span)
        ?? throw new NotSupportedException($"Perceptron accepts wav, mp3 and flac audio; these bytes (declared '{audio.MediaType}') are none of them (AAC, OGG and M4A are refused). Convert the audio to wav, mp3 or flac.");
}
