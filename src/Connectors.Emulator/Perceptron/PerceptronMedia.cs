using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using Connectors.Emulator.Chat;
using Connectors.Emulator.Perceptron.Files;

namespace Connectors.Emulator.Perceptron;

/// <summary>Video frames and audio as the gateway takes them: checked, decoded where the emulator can use them, described.</summary>
internal static class PerceptronMedia
{
    private static readonly string[] FrameTypes = ["png", "jpeg", "webp"];

    /// <summary>
    /// Reads a <c>video_frames</c> part: 2–256 frames (the SDK's limits), each exactly <c>image_url</c> and an integer
    /// <c>timestamp_ms</c> ≥ 0 that never decreases; a frame data URL must be <c>data:image/…</c>.
    /// </summary>
    /// <remarks>A frame URL that is an uploaded file's content URL (<c>…/v1/files/{id}/content</c>) is read from the store, as the gateway fetches it with the caller's key.</remarks>
    public static PerceptronFailure? ReadFrames(JsonElement part, string path, List<MediaInput> media, FileStore? files, out MediaInput? video)
    {
        video = null;
        var param = path + ".video_frames.frames";
        if (!part.TryGetProperty("video_frames", out var holder) || holder.ValueKind != JsonValueKind.Object
            || !holder.TryGetProperty("frames", out var frames) || frames.ValueKind != JsonValueKind.Array)
        {
            return PerceptronFailure.Invalid($"{param} must be an array of frames.", param, "invalid_video_frames");
        }

        var count = frames.GetArrayLength();
        if (count is < 2 or > 256)
        {
            return PerceptronFailure.Invalid($"A video needs 2 to 256 frames; got {count}.", param, "invalid_video_frames");
        }

        var list = new List<(ImageInput, int)>(count);
        var previous = -1L;
        var i = 0;
        foreach (var frame in frames.EnumerateArray())
        {
            var at = $"{param}[{i++}]";
            if (frame.ValueKind != JsonValueKind.Object || frame.EnumerateObject().Any(p => p.Name is not ("image_url" or "timestamp_ms")))
            {
                return PerceptronFailure.Invalid($"{at} must hold only image_url and timestamp_ms.", at, "invalid_video_frames");
            }

            if (!frame.TryGetProperty("timestamp_ms", out var ts) || ts.ValueKind != JsonValueKind.Number || !ts.TryGetInt64(out var ms) || ms < 0 || ms > int.MaxValue)
            {
                return PerceptronFailure.Invalid($"{at}.timestamp_ms must be an integer of 0 or more.", at + ".timestamp_ms", "invalid_video_frames");
            }

            if (ms < previous)
            {
                return PerceptronFailure.Invalid($"{at}.timestamp_ms ({ms}) is earlier than the frame before ({previous}); timestamps must never decrease.", at + ".timestamp_ms", "invalid_video_frames");
            }

            previous = ms;
            var url = frame.TryGetProperty("image_url", out var iu) && iu.ValueKind == JsonValueKind.Object && iu.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString()! : null;
            if (ReadFrameImage(url, at + ".image_url.url", files, out var image) is { } error)
            {
                return error;
            }

            list.Add((image!, (int)ms));
        }

        video = new MediaInput("frames", string.Create(CultureInfo.InvariantCulture, $"a video of {count} frames over {(previous - list[0].Item2) / 1000.0:0.###} seconds"), list);
        media.Add(video);
        return null;
    }

    private static PerceptronFailure? ReadFrameImage(string? url, string param, FileStore? files, out ImageInput? image)
    {
        image = null;
        if (url is null)
        {
            return PerceptronFailure.Invalid($"{param} must be a string.", param, "invalid_video_frames");
        }

        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var m = PerceptronRequestReader.DataUrl().Match(url);
            if (!m.Success || !m.Groups["kind"].Value.Equals("image", StringComparison.OrdinalIgnoreCase))
            {
                return PerceptronFailure.Invalid("A frame's data URL must be data:image/<type>;base64,<data>.", param, "invalid_data_url");
            }

            var subtype = m.Groups["sub"].Value.ToLowerInvariant();
            if (!FrameTypes.Contains(subtype))
            {
                return PerceptronFailure.Invalid($"Unsupported image type 'image/{subtype}'; use image/png, image/jpeg or image/webp.", param, "invalid_image_format");
            }

            if (Decode(url[m.Length..]) is not { } bytes)
            {
                return PerceptronFailure.Invalid("The data URL does not hold valid base64.", param, "invalid_data_url");
            }

            image = new ImageInput("image/" + subtype, bytes, null);
            return null;
        }

        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            if (UploadedFileId(uri) is { } id)
            {
                if (files?.Get(id) is not { } file)
                {
                    return new PerceptronFailure(404, $"No such File object: {id}", "invalid_request_error", param, null);
                }

                if (!file.MediaType.StartsWith("image/", StringComparison.Ordinal))
                {
                    return PerceptronFailure.Invalid($"The file {id} is {file.MediaType}; a frame must be an image.", param, "invalid_video_frames");
                }

                image = new ImageInput(file.MediaType, File.ReadAllBytes(files.PathOf(id)), null);
                return null;
            }

            image = new ImageInput(null, null, uri);
            return null;
        }

        return PerceptronFailure.Invalid("A frame's url must be an http(s) URL or a base64 data URL.", param, "invalid_video_frames");
    }

    /// <summary>The file id of a files-content URL (<c>…/v1/files/{id}/content</c>), else null.</summary>
    public static string? UploadedFileId(Uri uri)
    {
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments is [.., "v1", "files", var id, "content"] ? Uri.UnescapeDataString(id) : null;
    }

    /// <summary>A size as people read it.</summary>
    public static string Size(long bytes) =>
        bytes >= 1024 * 1024 ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB") : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, bytes / 1024)} KB");

    public static byte[]? Decode(string base64)
    {
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>What the emulator can say about media it does not decode: its kind, format, size and, for wav, length.</summary>
    public static string Describe(string kind, string format, byte[] bytes)
    {
        var size = bytes.Length >= 1024 * 1024 ? $"{bytes.Length / (1024.0 * 1024):0.#} MB" : $"{Math.Max(1, bytes.Length / 1024)} KB";
        var seconds = WavSeconds(bytes) is { } s ? string.Create(CultureInfo.InvariantCulture, $", {s:0.#} seconds long") : "";
        return string.Create(CultureInfo.InvariantCulture, $"a {size} {format.Replace("mpeg", "mp3", StringComparison.Ordinal)} {kind}{seconds}");
    }

    /// <summary>The length of a PCM wav: data bytes over the byte rate of its <c>fmt </c> chunk.</summary>
    private static double? WavSeconds(ReadOnlySpan<byte> wav)
    {
        if (wav.Length < 12 || !wav.StartsWith("RIFF"u8) || !wav.Slice(8, 4).SequenceEqual("WAVE"u8))
        {
            return null;
        }

        uint byteRate = 0;
        for (var i = 12; i + 8 <= wav.Length;)
        {
            var id = wav.Slice(i, 4);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(wav[(i + 4)..]);
            if (id.SequenceEqual("fmt "u8) && i + 20 <= wav.Length)
            {
                byteRate = BinaryPrimitives.ReadUInt32LittleEndian(wav[(i + 16)..]);
            }
            else if (id.SequenceEqual("data"u8))
            {
                return byteRate == 0 ? null : length / (double)byteRate;
            }

            i += 8 + (int)Math.Min(length + (length & 1), int.MaxValue - i - 8);
        }

        return null;
    }
}
