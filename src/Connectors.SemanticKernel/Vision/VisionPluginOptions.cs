namespace Connectors.SemanticKernel;

/// <summary>
/// What the <see cref="VisionPlugin"/> may read and send. By default it takes http(s) URLs (passed through, not
/// downloaded), data URLs, images registered with <see cref="VisionPlugin.AddImage(Microsoft.Extensions.AI.DataContent, string?)"/>
/// and images already in the conversation; local files only under <see cref="AllowedImageRoots"/>.
/// </summary>
public sealed class VisionPluginOptions
{
    /// <summary>The default for <see cref="MaxImageBytes"/>: 10 MiB (the API takes request bodies up to 20 MB, base64 adds a third).</summary>
    public const long DefaultMaxImageBytes = 10 * 1024 * 1024;

    /// <summary>
    /// Folders whose files (and subfolders' files) a model may name by path. Empty (the default) allows no local
    /// files. Paths may not contain <c>..</c>, and links are resolved: a link pointing outside these folders is refused.
    /// </summary>
    public IList<string> AllowedImageRoots { get; } = [];

    /// <summary>The largest image, in bytes, read from a file, a data URL or a download.</summary>
    public long MaxImageBytes { get; set; } = DefaultMaxImageBytes;

    /// <summary>
    /// Whether http(s) images are downloaded (so pixel coordinates can be given). Off by default: the URL is passed to
    /// Perceptron as is and only grid coordinates come back.
    /// </summary>
    public bool AllowUrlDownload { get; set; }

    /// <summary>
    /// Hosts the plugin may download from when <see cref="AllowUrlDownload"/> is on. Empty (the default): any host
    /// whose address is public; loopback, private, link-local (cloud metadata), multicast and unspecified
    /// addresses are refused, on every redirect too, and the connection goes to the address that was checked.
    /// Not empty: only these hosts, which the app trusts (their addresses are not checked, so an intranet server
    /// can be listed).
    /// </summary>
    public IList<string> AllowedDownloadHosts { get; } = [];

    /// <summary>
    /// The HTTP client used for downloads when <see cref="AllowUrlDownload"/> is on; the plugin's own when null.
    /// Not disposed by the plugin. The plugin's own client enforces <see cref="AllowedDownloadHosts"/> and the address
    /// rules when it connects; with this client set, the plugin checks each URL's host and literal address and
    /// follows redirects itself only if the client does not, so give it a handler with <c>AllowAutoRedirect = false</c>.
    /// </summary>
    public HttpClient? DownloadHttpClient { get; set; }

    /// <summary>The Perceptron model to ask, or null for the client's default.</summary>
    public string? ModelId { get; set; }

    /// <summary>A copy, so a plugin is not affected by later changes to the caller's instance.</summary>
    internal VisionPluginOptions Clone()
    {
        var copy = new VisionPluginOptions
        {
            MaxImageBytes = MaxImageBytes,
            AllowUrlDownload = AllowUrlDownload,
            DownloadHttpClient = DownloadHttpClient,
            ModelId = ModelId,
        };
        foreach (var root in AllowedImageRoots)
        {
            copy.AllowedImageRoots.Add(root);
        }

        foreach (var host in AllowedDownloadHosts)
        {
            copy.AllowedDownloadHosts.Add(host);
        }

        return copy;
    }

    /// <summary>Checks the options (the plugin does when it is created).</summary>
    /// <exception cref="ArgumentException">A setting cannot be used; the message names it.</exception>
    internal void Validate()
    {
        if (MaxImageBytes <= 0)
        {
            throw new ArgumentException($"VisionPluginOptions.MaxImageBytes must be positive, not {MaxImageBytes}.", nameof(MaxImageBytes));
        }

        foreach (var root in AllowedImageRoots)
        {
            if (string.IsNullOrWhiteSpace(root) || !Path.IsPathFullyQualified(root))
            {
                throw new ArgumentException($"VisionPluginOptions.AllowedImageRoots must hold absolute folder paths; '{root}' is not one.", nameof(AllowedImageRoots));
            }
        }
    }
}
