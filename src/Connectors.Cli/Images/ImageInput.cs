using Connectors.Cli.Hosting;
using Connectors.Perceptron.Grounding;
using Microsoft.Extensions.AI;

namespace Connectors.Cli.Images;

/// <summary>An image given on the command line, read into memory and checked to be a PNG, JPEG or WebP image.</summary>
internal sealed class ImageInput
{
    private static readonly HttpClient Downloads = new() { Timeout = TimeSpan.FromSeconds(60) };

    public ImageInput(byte[] bytes, string mediaType, ImageSize size, string source)
    {
        Bytes = bytes;
        MediaType = mediaType;
        Size = size;
        Source = source;
    }

    /// <summary>The encoded image.</summary>
    public byte[] Bytes { get; }

    /// <summary><c>image/png</c>, <c>image/jpeg</c> or <c>image/webp</c>.</summary>
    public string MediaType { get; }

    /// <summary>The size read from the header.</summary>
    public ImageSize Size { get; }

    /// <summary>The path or URL it came from.</summary>
    public string Source { get; }

    /// <summary>The id of the uploaded file the image is, when it was given by id: it is then sent by id, not inline.</summary>
    public string? FileId { get; private init; }

    /// <summary>The image as message content: its bytes, or its file id.</summary>
    public AIContent ToContent() => FileId is null ? new DataContent(Bytes, MediaType) : new HostedFileContent(FileId) { MediaType = MediaType };

    /// <summary>Whether an argument is a Perceptron file id rather than a path or URL.</summary>
    public static bool IsFileId(string argument) => System.Text.RegularExpressions.Regex.IsMatch(argument, "^file-[A-Za-z0-9]{22}$");

    /// <summary>
    /// An uploaded image, by id: its bytes are downloaded for its size and for drawing, and it is sent by id.
    /// </summary>
    /// <exception cref="CliException">There is no such file, or it is not an image.</exception>
    public static async Task<ImageInput> FromUploadAsync(Connectors.Perceptron.PerceptronFileClient files, string fileId, CancellationToken cancellationToken)
    {
        try
        {
            var download = await files.DownloadAsync(fileId, cancellationToken: cancellationToken).ConfigureAwait(false);
            await using var _ = download.ConfigureAwait(false);
            var copy = new MemoryStream();
            await download.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
            var image = FromBytes(copy.ToArray(), fileId);
            return new ImageInput(image.Bytes, image.MediaType, image.Size, fileId) { FileId = fileId };
        }
        catch (Connectors.Core.ChatServiceException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            throw new CliException($"There is no uploaded file {fileId}: check the id with `connectors files list`.", ExitCodes.Usage, e);
        }
    }

    /// <summary>Reads a local path, or downloads an http(s) URL.</summary>
    /// <exception cref="CliException">The file is missing, unreadable or not an image; the URL cannot be fetched.</exception>
    public static async Task<ImageInput> LoadAsync(string pathOrUrl, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(pathOrUrl))
        {
            throw new CliException("The image argument is empty: give the path or http(s) URL of a PNG, JPEG or WebP image.");
        }

        var bytes = Uri.TryCreate(pathOrUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? await DownloadAsync(uri, cancellationToken).ConfigureAwait(false)
            : await ReadFileAsync(pathOrUrl, cancellationToken).ConfigureAwait(false);
        return FromBytes(bytes, pathOrUrl);
    }

    /// <summary>Checks bytes already in memory.</summary>
    /// <exception cref="CliException">The bytes are not a PNG, JPEG or WebP image.</exception>
    public static ImageInput FromBytes(byte[] bytes, string source)
    {
        var mediaType = Connectors.SemanticKernel.ImageFormat.Sniff(bytes);
        if (mediaType is null || !ImageHeader.TryReadSize(bytes, out var size))
        {
            throw new CliException($"'{source}' is {Connectors.SemanticKernel.ImageFormat.Describe(bytes)}: give the path or URL of a PNG, JPEG or WebP image file.");
        }

        return new ImageInput(bytes, mediaType, size, source);
    }

    private static async Task<byte[]> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            throw new CliException($"'{path}' is a folder: give the path of an image file in it.");
        }

        if (!File.Exists(path))
        {
            throw new CliException($"No file at '{Path.GetFullPath(path)}': check the path, or give an http(s) URL.");
        }

        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Could not read '{path}': {e.Message} Check its permissions.", ExitCodes.Usage, e);
        }
    }

    private static async Task<byte[]> DownloadAsync(Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Downloads.GetAsync(uri, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new CliException($"Downloading the image from {uri} failed with HTTP {(int)response.StatusCode}: check the URL.");
            }

            return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"Could not download the image from {uri}: {e.Message} Check the URL and the network, or download it and give the file.", ExitCodes.Unreachable, e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException($"Downloading the image from {uri} took longer than a minute: download it and give the file instead.", ExitCodes.Unreachable, e);
        }
    }
}
