using System.Text.RegularExpressions;
using Connectors.Core.Media;

namespace Connectors.Perceptron.Files;

/// <summary>What the Files API accepts: kinds of bytes, ids and purposes, as the vendor's SDK checks them.</summary>
internal static partial class FileKinds
{
    /// <summary>Bytes read from the start of an upload to tell its kind.</summary>
    public const int SniffLength = 64;

    /// <summary>
    /// The part's <c>Content-Type</c>: the server sniffs the bytes and refuses a declared type that disagrees, so a
    /// type is declared only when the bytes prove it (as the SDK does), otherwise <c>application/octet-stream</c>.
    /// </summary>
    public static string? MediaType(ReadOnlySpan<byte> head)
    {
        if (MediaSniffer.MediaType(head) is { } image && image is "image/png" or "image/jpeg" or "image/webp")
        {
            return image;
        }

        if (MediaSniffer.VideoFormat(head) is { } video)
        {
            return video == "mp4"
                ? head.Length >= 12 && head.Slice(8, 4).SequenceEqual("qt  "u8) ? "video/quicktime" : "video/mp4"
                : head.IndexOf("webm"u8) >= 0 ? "video/webm" : null; // an EBML header that is not WebM is Matroska, which is refused
        }

        return MediaSniffer.AudioFormat(head) switch
        {
            "wav" => "audio/wav",
            "mp3" => "audio/mpeg",
            "flac" => "audio/flac",
            _ => null,
        };
    }

    /// <summary>Whether an id has the API's form, <c>file-</c> and 22 letters or digits.</summary>
    public static bool IsFileId(string id) => FileIdPattern().IsMatch(id);

    /// <summary>Throws unless the id has the API's form.</summary>
    public static string CheckId(string fileId, string parameter = "fileId")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileId, parameter);
        return IsFileId(fileId)
            ? fileId
            : throw new ArgumentException($"'{fileId}' is not a Perceptron file id: ids are 'file-' followed by 22 letters or digits, as UploadAsync returns them.", parameter);
    }

    [GeneratedRegex("^file-[A-Za-z0-9]{22}$", RegexOptions.CultureInvariant)]
    private static partial Regex FileIdPattern();
}
