using Microsoft.Extensions.AI;

namespace Connectors.Perceptron;

/// <summary>One frame of a <see cref="VideoFramesContent"/>: an image and when it was taken.</summary>
public sealed class VideoFrame
{
    private static readonly string[] ImageTypes = ["image/png", "image/jpeg", "image/jpg", "image/webp"];

    /// <summary>Creates a frame from image bytes.</summary>
    /// <param name="image">A png, jpeg or webp image.</param>
    /// <param name="timestamp">Time from the start of the video, in whole milliseconds, 0 or more.</param>
    /// <exception cref="ArgumentException">The image is not png, jpeg or webp, or the time is negative or not whole milliseconds.</exception>
    public VideoFrame(DataContent image, TimeSpan timestamp)
        : this((AIContent)image, timestamp)
    {
        if (Array.IndexOf(ImageTypes, image.MediaType.ToLowerInvariant()) < 0)
        {
            throw new ArgumentException($"A video frame must be a png, jpeg or webp image; this one is '{image.MediaType}'.", nameof(image));
        }
    }

    /// <summary>Creates a frame from an image URL.</summary>
    /// <param name="image">An http or https image URL (an uploaded file's content URL works too).</param>
    /// <param name="timestamp">Time from the start of the video, in whole milliseconds, 0 or more.</param>
    /// <exception cref="ArgumentException">The URL is not http(s), or the time is negative or not whole milliseconds.</exception>
    public VideoFrame(UriContent image, TimeSpan timestamp)
        : this((AIContent)image, timestamp)
    {
        if (image.Uri.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"A video frame URL must be http or https; '{image.Uri.Scheme}:' is refused. Load the file into a DataContent instead.", nameof(image));
        }
    }

    /// <summary>Creates a frame from an uploaded image, sent as its content URL (frames have no file-id form).</summary>
    /// <param name="image">An image uploaded with <see cref="PerceptronFileClient"/>.</param>
    /// <param name="timestamp">Time from the start of the video, in whole milliseconds, 0 or more.</param>
    /// <exception cref="ArgumentException">The id is not a Perceptron file id, the media type is set and not an image, or the time is negative or not whole milliseconds.</exception>
    public VideoFrame(HostedFileContent image, TimeSpan timestamp)
        : this((AIContent)image, timestamp)
    {
        Files.FileKinds.CheckId(image.FileId, nameof(image));
        if (image.MediaType is { } type && !image.HasTopLevelMediaType("image"))
        {
            throw new ArgumentException($"A video frame must be an image; the file {image.FileId} is '{type}'.", nameof(image));
        }
    }

    private VideoFrame(AIContent image, TimeSpan timestamp)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (timestamp < TimeSpan.Zero || timestamp.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            throw new ArgumentException($"A frame's timestamp must be 0 or more whole milliseconds; got {timestamp}.", nameof(timestamp));
        }

        Image = image;
        Timestamp = timestamp;
    }

    /// <summary>Gets the image: a <see cref="DataContent"/>, an http(s) <see cref="UriContent"/> or an uploaded <see cref="HostedFileContent"/>.</summary>
    public AIContent Image { get; }

    /// <summary>Gets the time from the start of the video; the model answers <c>t</c> on the same timeline.</summary>
    public TimeSpan Timestamp { get; }
}
