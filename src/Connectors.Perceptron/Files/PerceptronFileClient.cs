using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Connectors.Core;
using Connectors.Perceptron.Files;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Connectors.Perceptron;

/// <summary>
/// Perceptron's Files API as an <see cref="IHostedFileClient"/>: upload media once, then refer to it in chats by id
/// (a <see cref="HostedFileContent"/> with a media type becomes an <c>image_file_id</c>, <c>video_file_id</c> or
/// <c>audio_file_id</c> part), past the 20 MB limit of a chat request. Files never expire: delete what you no longer need.
/// </summary>
/// <remarks>
/// Uploads stream from the caller's stream with <c>Content-Length</c> (the API answers 411 to chunked uploads) in
/// constant memory; a stream that cannot seek is first copied to a temporary file to learn its length. Files over
/// <see cref="MaxFileBytes"/> are refused before anything is sent. Every call has the chat client's credentials,
/// retries, rate limit, typed errors (<see cref="ChatServiceException"/> subtypes; a full storage quota is a
/// <see cref="ChatQuotaExceededException"/>) and <see cref="PerceptronClientOptions.RequestTimeout"/>, which bounds
/// uploads and downloads whole: raise it for large files on slow links.
/// </remarks>
public sealed class PerceptronFileClient : IHostedFileClient
{
    /// <summary>The largest file the API takes (128 MiB); it answers 413 above it.</summary>
    public const long MaxFileBytes = 128L * 1024 * 1024;

    /// <summary>The purpose of media for chats (images, videos, audio); the default.</summary>
    public const string VisionPurpose = "vision";

    /// <summary>The purpose of other user data.</summary>
    public const string UserDataPurpose = "user_data";

    private const string Provider = "perceptron";
    private const int DefaultPageSize = 1000;
    private readonly ChatCompletionsEngine _engine;
    private readonly HostedFileClientMetadata _metadata;

    /// <summary>Creates a client.</summary>
    /// <param name="options">Endpoint and key, as for <see cref="PerceptronChatClient"/>; copied.</param>
    /// <param name="httpClient">The HTTP client to send with (not disposed by this client); a shared one when null.</param>
    /// <param name="logger">Receives debug entries about retries.</param>
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    public PerceptronFileClient(PerceptronClientOptions options, HttpClient? httpClient = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var own = options.Clone();
        _engine = new ChatCompletionsEngine(PerceptronProfile.Create(own), httpClient, logger);
        _metadata = new HostedFileClientMetadata(Provider, own.Endpoint);
    }

    /// <summary>How many files one list request asks for (the API allows up to 10,000).</summary>
    internal int PageSize { get; init; } = DefaultPageSize;

    /// <summary>Uploads a file (JPEG, PNG, WebP, MP4, QuickTime, WebM, WAV, MP3 or FLAC).</summary>
    /// <param name="content">The bytes, from the stream's current position to its end; not disposed.</param>
    /// <param name="mediaType">The media type, used for the returned content when the bytes do not tell it; the type sent is always the one the bytes prove.</param>
    /// <param name="fileName">The file's name; the server names it by its id when null.</param>
    /// <param name="options"><see cref="HostedFileClientOptions.Purpose"/>: <see cref="VisionPurpose"/> (default) or <see cref="UserDataPurpose"/>.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>The file, with its id, size, purpose and media type, ready to put in a chat message.</returns>
    /// <exception cref="ChatInvalidRequestException">The file is larger than <see cref="MaxFileBytes"/> (status 413, code <c>file_too_large</c>), or the server refused it.</exception>
    public async Task<HostedFileContent> UploadAsync(Stream content, string? mediaType = null, string? fileName = null, HostedFileClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanRead)
        {
            throw new ArgumentException("The upload stream cannot be read.", nameof(content));
        }

        var purpose = Purpose(options, forUpload: true)!;
        Stream? spooled = null;
        try
        {
            var source = content;
            if (!content.CanSeek)
            {
                // The length must be known before sending: copy once to a temporary file, not to memory.
                spooled = await SpoolAsync(content, cancellationToken).ConfigureAwait(false);
                source = spooled;
            }

            var start = source.Position;
            var length = source.Length - start;
            if (length > MaxFileBytes)
            {
                throw TooLarge(length);
            }

            var head = new byte[(int)Math.Min(FileKinds.SniffLength, length)];
            await source.ReadExactlyAsync(head, cancellationToken).ConfigureAwait(false);
            source.Position = start;
            var sniffed = FileKinds.MediaType(head);

            HttpContent Upload()
            {
                var file = new UploadContent(source, start, length);
                file.Headers.ContentType = new MediaTypeHeaderValue(sniffed ?? "application/octet-stream");
                var form = new MultipartFormDataContent();
                if (string.IsNullOrEmpty(fileName))
                {
                    form.Add(file, "file");
                    file.Headers.ContentDisposition!.FileName = null;
                }
                else
                {
                    form.Add(file, "file", fileName);
                }

                form.Add(new StringContent(purpose), "purpose");
                return form;
            }

            using var reply = await _engine.SendJsonAsync(HttpMethod.Post, "files", Upload, cancellationToken).ConfigureAwait(false);
            var uploaded = ToContent(Read(reply, FilesJsonContext.Default.WireFile, "a File object"));
            uploaded.MediaType = sniffed ?? (string.IsNullOrWhiteSpace(mediaType) || mediaType == "application/octet-stream" ? null : mediaType);
            return uploaded;
        }
        finally
        {
            if (spooled is not null)
            {
                await spooled.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Downloads a file's bytes (<c>GET /files/{id}/content</c>); the stream's <see cref="HostedFileDownloadStream.MediaType"/> is the stored type.</summary>
    /// <param name="fileId">The file's id.</param>
    /// <param name="options">Not used.</param>
    /// <param name="cancellationToken">Cancels the call, reads included.</param>
    /// <returns>The bytes, read on demand; dispose it.</returns>
    public async Task<HostedFileDownloadStream> DownloadAsync(string fileId, HostedFileClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        FileKinds.CheckId(fileId);
        NoScope(options);
        var (response, deadline) = await _engine.SendForStreamAsync(HttpMethod.Get, $"files/{Uri.EscapeDataString(fileId)}/content", cancellationToken).ConfigureAwait(false);
        try
        {
            if (response.Content.Headers.ContentLength is > MaxFileBytes and var declared)
            {
                throw new ChatServiceException($"perceptron announced {declared} bytes for {fileId}, more than the {MaxFileBytes} a file can hold: the download was not started.") { ProviderName = Provider };
            }

            var body = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            return new FileDownloadStream(response, deadline, body, cancellationToken, MaxFileBytes, fileId, _engine.RequestTimeoutText);
        }
        catch
        {
            response.Dispose();
            deadline.Dispose();
            throw;
        }
    }

    /// <summary>Reads a file's description (<c>GET /files/{id}</c>).</summary>
    /// <param name="fileId">The file's id.</param>
    /// <param name="options">Not used.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The file (without a media type: the API does not store one), or null when there is no such file.</returns>
    public async Task<HostedFileContent?> GetFileInfoAsync(string fileId, HostedFileClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        FileKinds.CheckId(fileId);
        NoScope(options);
        try
        {
            using var reply = await _engine.GetJsonAsync($"files/{Uri.EscapeDataString(fileId)}", cancellationToken).ConfigureAwait(false);
            return ToContent(Read(reply, FilesJsonContext.Default.WireFile, "a File object"));
        }
        catch (ChatServiceException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Lists files, newest first, a page at a time as the enumeration goes on.</summary>
    /// <param name="options"><see cref="HostedFileClientOptions.Purpose"/> keeps one purpose; <see cref="HostedFileClientOptions.Limit"/> stops after that many files.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The files (without media types: the API does not store them).</returns>
    public async IAsyncEnumerable<HostedFileContent> ListFilesAsync(HostedFileClientOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var purpose = Purpose(options, forUpload: false);
        var limit = options?.Limit;
        if (limit is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "HostedFileClientOptions.Limit must be 1 or more, or null for every file.");
        }

        var left = limit ?? int.MaxValue;
        string? after = null;
        while (left > 0)
        {
            var query = $"files?limit={Math.Min(left, PageSize).ToString(CultureInfo.InvariantCulture)}"
                + (purpose is null ? "" : $"&purpose={Uri.EscapeDataString(purpose)}")
                + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}");
            WireFileList page;
            using (var reply = await _engine.GetJsonAsync(query, cancellationToken).ConfigureAwait(false))
            {
                page = Read(reply, FilesJsonContext.Default.WireFileList, "a list of files");
            }

            var files = page.Data ?? [];
            foreach (var file in files)
            {
                if (left-- <= 0)
                {
                    yield break;
                }

                yield return ToContent(file);
            }

            if (!page.HasMore || files.Count == 0)
            {
                yield break;
            }

            after = files[^1].Id is { Length: > 0 } lastId ? lastId : page.LastId;
            if (string.IsNullOrEmpty(after))
            {
                throw Unreadable("a page of files that says there are more but names no last id");
            }
        }
    }

    /// <summary>Deletes a file; chats that refer to it fail afterwards.</summary>
    /// <param name="fileId">The file's id.</param>
    /// <param name="options">Not used.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when the file was deleted, false when there was no such file.</returns>
    public async Task<bool> DeleteAsync(string fileId, HostedFileClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        FileKinds.CheckId(fileId);
        NoScope(options);
        try
        {
            using var reply = await _engine.SendJsonAsync(HttpMethod.Delete, $"files/{Uri.EscapeDataString(fileId)}", (Func<HttpContent>?)null, cancellationToken).ConfigureAwait(false);
            return Read(reply, FilesJsonContext.Default.WireFileDeleted, "a delete confirmation").Deleted;
        }
        catch (ChatServiceException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(HostedFileClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose() => _engine.Dispose();

    private static string? Purpose(HostedFileClientOptions? options, bool forUpload)
    {
        NoScope(options);
        return options?.Purpose switch
        {
            null or "" => forUpload ? VisionPurpose : null,
            VisionPurpose or UserDataPurpose => options.Purpose,
            var other => throw new ArgumentException($"Perceptron file purposes are '{VisionPurpose}' and '{UserDataPurpose}'; HostedFileClientOptions.Purpose is '{other}'.", nameof(options)),
        };
    }

    private static void NoScope(HostedFileClientOptions? options)
    {
        if (!string.IsNullOrEmpty(options?.Scope))
        {
            throw new NotSupportedException("Perceptron files have no scopes: leave HostedFileClientOptions.Scope unset.");
        }
    }

    private static async Task<FileStream> SpoolAsync(Stream content, CancellationToken cancellationToken)
    {
        var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        try
        {
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
            try
            {
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (file.Length + read > MaxFileBytes)
                    {
                        throw TooLarge(file.Length + read);
                    }

                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }

            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static ChatInvalidRequestException TooLarge(long length) =>
        new($"The file is {length} bytes (or more), over the {MaxFileBytes / (1024 * 1024)} MiB a Perceptron file may hold: split or compress it (a shorter or lower-resolution video), or send frames with VideoFramesContent.", HttpStatusCode.RequestEntityTooLarge)
        {
            ProviderName = Provider,
            ErrorCode = "file_too_large",
            Parameter = "file",
        };

    private static T Read<T>(JsonDocument reply, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string what)
    {
        try
        {
            return reply.RootElement.ValueKind == JsonValueKind.Object && reply.RootElement.Deserialize(type) is { } value ? value : throw Unreadable(what);
        }
        catch (JsonException e)
        {
            throw new ChatServiceException($"perceptron answered with {what} this client cannot read: {e.Message}", null, e) { ProviderName = Provider };
        }
    }

    private static HostedFileContent ToContent(WireFile file)
    {
        if (file.Id is not { Length: > 0 } id)
        {
            throw Unreadable("a File object without an id");
        }

        return new HostedFileContent(id)
        {
            Name = file.FileName,
            SizeInBytes = file.Bytes,
            CreatedAt = file.CreatedAt is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null,
            Purpose = file.Purpose,
        };
    }

    private static ChatServiceException Unreadable(string what) => new($"perceptron answered with {what} this client cannot read.") { ProviderName = Provider };
}
