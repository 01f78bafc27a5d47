using System.Globalization;
using System.Text.RegularExpressions;
using Connectors.Core.Media;
using Connectors.Perceptron;
using Connectors.Perceptron.Grounding;
using Microsoft.Extensions.AI;

namespace Connectors.SemanticKernel;

/// <summary>
/// Turns the video argument an agent passes into something to send: an http(s) URL (sent as is), the id of an
/// uploaded video (<c>file-…</c>, sent by id), an mp4 or webm file, or a folder of frames (png, jpeg, webp) inside the allowed folders. Frames are taken in name order; their
/// times are the last number in each name, in milliseconds (<c>frame-000500.png</c>), or one second apart when a
/// name has none.
/// </summary>
internal sealed partial class VideoResolver(VisionPluginOptions options)
{
    /// <summary>A whole video must fit the API's 20 MB body once base64-encoded.</summary>
    internal const long MaxVideoBytes = 14 * 1024 * 1024;

    private static readonly string[] FrameExtensions = [".png", ".jpg", ".jpeg", ".webp"];

    private readonly LocalImageFiles _files = new(options.AllowedImageRoots, options.MaxImageBytes);

    public async Task<ResolvedVideo> ResolveAsync(string? reference, CancellationToken cancellationToken)
    {
        var text = reference?.Trim().Trim('\'', '"', '`').Trim();
        if (string.IsNullOrEmpty(text))
        {
            throw new ImageReferenceException("No video was given: pass an http(s) URL of an mp4 or webm video, a video file path, or a folder of frames the application allows.");
        }

        if (FileId().IsMatch(text))
        {
            // An uploaded video (PerceptronFileClient): sent as a video_file_id part; the type only marks it a video.
            return new ResolvedVideo(new HostedFileContent(text) { MediaType = "video/mp4" }, null, text);
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            var type = uri.AbsolutePath.EndsWith(".webm", StringComparison.OrdinalIgnoreCase) ? "video/webm" : "video/mp4";
            return new ResolvedVideo(new UriContent(uri, type), null, uri.GetLeftPart(UriPartial.Path));
        }

        var real = _files.Locate(text, out var shown);
        if (Directory.Exists(real))
        {
            return await ReadFramesAsync(real, shown, cancellationToken).ConfigureAwait(false);
        }

        var data = await _files.ReadBytesAsync(real, shown, MaxVideoBytes, "a video sent inline (the API takes 20 MB bodies): send a shorter video, or a folder of frames", cancellationToken).ConfigureAwait(false);
        var format = MediaSniffer.VideoFormat(data)
            ?? throw new ImageReferenceException($"'{shown}' is not an mp4 or webm video; pass one of those, or a folder of png/jpeg frames.");
        return new ResolvedVideo(new DataContent(data, "video/" + format), null, Path.GetFileName(real));
    }

    private async Task<ResolvedVideo> ReadFramesAsync(string folder, string shown, CancellationToken cancellationToken)
    {
        var files = Directory.EnumerateFiles(folder)
            .Where(static f => FrameExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count is < VideoFramesContent.MinFrames or > VideoFramesContent.MaxFrames)
        {
            throw new ImageReferenceException(
                $"The folder '{shown}' holds {files.Count} frames (png, jpeg, webp); a video needs {VideoFramesContent.MinFrames} to {VideoFramesContent.MaxFrames}. Add frames, or sample fewer.");
        }

        var times = files.Select(static f => LastNumber().Match(Path.GetFileNameWithoutExtension(f)) is { Success: true } m && long.TryParse(m.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? ms : (long?)null).ToList();
        var named = times.All(static t => t is not null);
        if (named)
        {
            // frame-500.png comes before frame-1000.png: order by time, not by name.
            var ordered = files.Zip(times).OrderBy(static p => p.Second).ToList();
            files = [.. ordered.Select(static p => p.First)];
            times = [.. ordered.Select(static p => p.Second)];
        }

        var frames = new List<VideoFrame>(files.Count);
        ImageSize? size = null;
        for (var i = 0; i < files.Count; i++)
        {
            var name = Path.GetFileName(files[i]);
            var data = await _files.ReadBytesAsync(files[i], name, options.MaxImageBytes, "a frame (VisionPluginOptions.MaxImageBytes): use smaller frames", cancellationToken).ConfigureAwait(false);
            var type = ImageFormat.Sniff(data) ?? throw new ImageReferenceException($"The frame '{name}' is {ImageFormat.Describe(data)}; frames must be PNG, JPEG or WebP.");
            size ??= ImageHeader.TryReadSize(data, out var s) ? s : null;
            frames.Add(new VideoFrame(new DataContent(data, type), TimeSpan.FromMilliseconds(named ? times[i]!.Value : i * 1000L)));
        }

        try
        {
            return new ResolvedVideo(new VideoFramesContent(frames), size, shown);
        }
        catch (ArgumentException e)
        {
            throw new ImageReferenceException($"The frames in '{shown}' cannot be sent: {e.Message}", e);
        }
    }

    [GeneratedRegex("^file-[A-Za-z0-9]{22}$")]
    private static partial Regex FileId();

    [GeneratedRegex(@"\d+(?=\D*$)")]
    private static partial Regex LastNumber();
}
