using System.Globalization;
using Microsoft.Extensions.AI;

namespace Connectors.SemanticKernel;

/// <summary>
/// Turns the image argument an agent passes into something to send. In order: <c>latest</c>, a data URL, an
/// http(s) URL, an uploaded image's file id (<c>file-…</c>), the name of a registered image or of an image in the conversation, <c>image:N</c> (the N-th image
/// of the conversation), then a file path inside the allowed folders.
/// </summary>
internal sealed class ImageResolver
{
    private const int MaxRedirects = 3;
    private static readonly TimeSpan DownloadTimeout = TimeSpan.FromSeconds(60);
    private static readonly System.Text.RegularExpressions.Regex UploadedFile = new("^file-[A-Za-z0-9]{22}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);
    private static readonly string[] LatestWords = ["latest", "last", "current", "the image", "this image"];

    private readonly VisionPluginOptions _options;
    private readonly ImageRegistry _registry;
    private readonly LocalImageFiles _files;
    private readonly DownloadAddresses _addresses;
    private readonly Lazy<HttpClient> _ownClient;

    public ImageResolver(VisionPluginOptions options, ImageRegistry registry)
    {
        _options = options;
        _registry = registry;
        _files = new LocalImageFiles(options.AllowedImageRoots, options.MaxImageBytes);
        _addresses = new DownloadAddresses([.. options.AllowedDownloadHosts]);
        _ownClient = new Lazy<HttpClient>(CreateDownloadClient); // one per plugin, made on the first download
    }

    public async Task<ResolvedImage> ResolveAsync(string? reference, IEnumerable<ChatMessage>? conversation, CancellationToken cancellationToken)
    {
        // Models sometimes quote the name they were given ('scene', "latest").
        var text = reference?.Trim().Trim('\'', '"', '`').Trim();
        if (string.IsNullOrEmpty(text))
        {
            throw new ImageReferenceException($"No image was given: {Choices()}");
        }

        var conversationImages = ConversationImages(conversation);
        if (LatestWords.Any(w => w.Equals(text, StringComparison.OrdinalIgnoreCase)))
        {
            return conversationImages.Count > 0 ? await FromContentAsync(conversationImages[^1], $"image:{conversationImages.Count}", cancellationToken).ConfigureAwait(false)
                : _registry.Latest() is { } latest ? latest
                : throw new ImageReferenceException($"There is no image yet, as none was registered and the conversation holds none: {Choices()}");
        }

        if (text.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return FromDataUrl(text);
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return _options.AllowUrlDownload
                ? await DownloadAsync(uri, cancellationToken).ConfigureAwait(false)
                : new ResolvedImage(new UriContent(uri, "image/*"), null, uri.GetLeftPart(UriPartial.Path));
        }

        if (UploadedFile.IsMatch(text))
        {
            // An image uploaded with PerceptronFileClient: sent by id (image_file_id); its size is unknown here, so
            // results are on the model's 0-1000 grid only, as for a URL that is not downloaded.
            return new ResolvedImage(new HostedFileContent(text) { MediaType = "image/*" }, null, text);
        }

        if (_registry.Find(text) is { } registered)
        {
            return registered;
        }

        if (conversationImages.FindLastIndex(c => string.Equals(NameOf(c), text, StringComparison.OrdinalIgnoreCase)) is var named and >= 0)
        {
            return await FromContentAsync(conversationImages[named], text, cancellationToken).ConfigureAwait(false);
        }

        if (text.StartsWith("image:", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(text.AsSpan(6), NumberStyles.Integer, CultureInfo.InvariantCulture, out var index))
        {
            return index >= 1 && index <= conversationImages.Count
                ? await FromContentAsync(conversationImages[index - 1], text, cancellationToken).ConfigureAwait(false)
                : throw new ImageReferenceException($"'{text}' does not exist: the conversation holds {conversationImages.Count} image(s), numbered image:1 to image:{conversationImages.Count}.");
        }

        return await _files.ReadAsync(text, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks and wraps image bytes, as the application registers them or a data URL carries them.</summary>
    public ResolvedImage FromBytes(ReadOnlyMemory<byte> data, string source)
    {
        if (data.Length > _options.MaxImageBytes)
        {
            throw new ImageReferenceException(
                $"The image {source} is {data.Length} bytes, more than the {_options.MaxImageBytes} bytes allowed (VisionPluginOptions.MaxImageBytes): use a smaller image.");
        }

        var mediaType = ImageFormat.Sniff(data.Span)
            ?? throw new ImageReferenceException($"The image {source} is {ImageFormat.Describe(data.Span)}; the vision functions take PNG, JPEG or WebP.");
        return ResolvedImage.FromBytes(data, mediaType, source);
    }

    private string Choices()
    {
        var names = _registry.Names;
        return "pass 'latest' (the most recent image of the conversation), "
            + (names.Count > 0 ? $"a registered image ({string.Join(", ", names.Take(10))}), " : string.Empty)
            + "an http(s) URL, a data URL"
            + (_files.Enabled ? " or a file path inside the allowed folders." : ".");
    }

    private ResolvedImage FromDataUrl(string text)
    {
        DataContent data;
        try
        {
            data = new DataContent(text);
        }
        catch (FormatException e)
        {
            throw new ImageReferenceException("The data URL is malformed: use data:image/png;base64,<base64 bytes> (PNG, JPEG or WebP).", e);
        }

        return FromBytes(data.Data, $"data URL ({data.MediaType})");
    }

    private async Task<ResolvedImage> FromContentAsync(AIContent content, string source, CancellationToken cancellationToken) => content switch
    {
        DataContent data => FromBytes(data.Data, source),
        UriContent uri when _options.AllowUrlDownload && uri.Uri.Scheme is "http" or "https" =>
            await DownloadAsync(uri.Uri, cancellationToken).ConfigureAwait(false) with { Source = source },
        UriContent uri => new ResolvedImage(uri, null, source),
        _ => throw new ImageReferenceException($"The image {source} cannot be sent."),
    };

    /// <summary>
    /// Downloads an image a model named. Every hop (redirects are followed by hand, at most
    /// <see cref="MaxRedirects"/>) is checked against <see cref="DownloadAddresses"/>, the deadline covers the body
    /// too, and every refusal or failure reads the same, so the plugin cannot be used to map a network.
    /// </summary>
    private async Task<ResolvedImage> DownloadAsync(Uri uri, CancellationToken cancellationToken)
    {
        var source = uri.GetLeftPart(UriPartial.Path); // the query may hold a signature: keep it out of results and messages
        var failed = new ImageReferenceException($"Could not download an image from {source}: pass the image another way (a registered image, a data URL or an allowed file).");
        var client = _options.DownloadHttpClient ?? _ownClient.Value;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(DownloadTimeout);
        try
        {
            for (var hop = 0; ; hop++)
            {
                if (uri.Scheme is not ("http" or "https") || !_addresses.IsHostAllowed(uri.Host) || (IPAddressOf(uri) is { } literal && !_addresses.IsListed(uri.Host) && !DownloadAddresses.IsPublic(literal)))
                {
                    throw failed;
                }

                using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
                if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location && hop < MaxRedirects)
                {
                    uri = location.IsAbsoluteUri ? location : new Uri(uri, location);
                    continue;
                }

                if (!response.IsSuccessStatusCode || response.Content.Headers.ContentLength > _options.MaxImageBytes)
                {
                    throw failed;
                }

                var stream = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    var buffer = new MemoryStream();
                    var chunk = new byte[81920];
                    int read;
                    while ((read = await stream.ReadAsync(chunk, deadline.Token).ConfigureAwait(false)) > 0)
                    {
                        if (buffer.Length + read > _options.MaxImageBytes)
                        {
                            throw failed;
                        }

                        buffer.Write(chunk, 0, read);
                    }

                    var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
                    return ImageFormat.Sniff(bytes.Span) is null ? throw failed : FromBytes(bytes, source);
                }
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw failed; // no inner exception: its text would tell a refused address from a closed port
        }
    }

    private static System.Net.IPAddress? IPAddressOf(Uri uri) =>
        uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && System.Net.IPAddress.TryParse(uri.Host.TrimStart('[').TrimEnd(']'), out var address) ? address : null;

    /// <summary>The plugin's own client: it connects only to checked addresses and follows no redirect by itself.</summary>
    private HttpClient CreateDownloadClient() => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        ConnectCallback = _addresses.ConnectAsync,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        AutomaticDecompression = System.Net.DecompressionMethods.None,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan, // the download's own deadline covers headers and body
    };

    private static List<AIContent> ConversationImages(IEnumerable<ChatMessage>? conversation)
    {
        var images = new List<AIContent>();
        foreach (var message in conversation ?? [])
        {
            foreach (var content in message.Contents)
            {
                if (content is DataContent data && data.HasTopLevelMediaType("image") || content is UriContent uri && uri.HasTopLevelMediaType("image"))
                {
                    images.Add(content);
                }
            }
        }

        return images;
    }

    private static string? NameOf(AIContent content) => content switch
    {
        DataContent data => data.Name,
        UriContent uri => Path.GetFileName(uri.Uri.AbsolutePath),
        _ => null,
    };
}
