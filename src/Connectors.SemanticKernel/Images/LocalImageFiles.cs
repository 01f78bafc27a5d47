namespace Connectors.SemanticKernel;

/// <summary>
/// Reads image files a model names by path, only inside the application's allowed folders: no <c>..</c>, links
/// resolved component by component (so a link anywhere on the path cannot lead out), size and format checked.
/// </summary>
internal sealed class LocalImageFiles
{
    private const int MaxLinkHops = 40;

    private static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private readonly (string Lexical, string Real)[] _roots;
    private readonly long _maxBytes;

    public LocalImageFiles(IEnumerable<string> roots, long maxBytes)
    {
        _roots = [.. roots.Select(static r => Path.TrimEndingDirectorySeparator(Path.GetFullPath(r))).Distinct().Select(static r => (r, RealPath(r)))];
        _maxBytes = maxBytes;
    }

    public bool Enabled => _roots.Length > 0;

    private string RootList => string.Join(", ", _roots.Select(static r => r.Lexical));

    /// <summary>The real path of a file or folder inside the allowed roots (links followed), or a sentence saying what to pass instead.</summary>
    public string Locate(string path, out string reference)
    {
        // Quoted back in messages: keep a runaway argument from flooding the model's context.
        reference = path.Length > 200 ? string.Concat(path.AsSpan(0, 200), "...") : path;
        path = path.StartsWith("file:", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(path, UriKind.Absolute, out var fileUri) && fileUri.IsFile
            ? fileUri.LocalPath
            : path;

        if (!Enabled)
        {
            throw new ImageReferenceException(
                $"'{reference}' is not a registered image, an image of this conversation or a URL, and this application allows no local image files: use 'latest', a registered image name, an http(s) URL or a data URL.");
        }

        if (path.Split('/', '\\').Any(static segment => segment == ".."))
        {
            throw new ImageReferenceException($"Image paths may not contain '..': give the path of the file inside an allowed folder ({RootList}).");
        }

        if (path.IndexOfAny(Path.GetInvalidPathChars()) >= 0 || path.Contains('\0', StringComparison.Ordinal))
        {
            throw new ImageReferenceException($"'{reference}' is not a valid file path.");
        }

        var full = FindFile(path, reference);
        var real = RealPath(full);
        if (!_roots.Any(r => IsInside(real, r.Real)))
        {
            throw new ImageReferenceException(
                $"'{reference}' is a link to a file outside the allowed folders ({RootList}); only files really inside them can be read, so copy the image into one of them.");
        }

        return real;
    }

    public async Task<ResolvedImage> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var real = Locate(path, out var reference);
        var data = await ReadBytesAsync(real, reference, _maxBytes, "an image (VisionPluginOptions.MaxImageBytes): use a smaller or more compressed image", cancellationToken).ConfigureAwait(false);
        var mediaType = ImageFormat.Sniff(data)
            ?? throw new ImageReferenceException($"'{reference}' is {ImageFormat.Describe(data)}; the vision functions take PNG, JPEG or WebP files.");
        return ResolvedImage.FromBytes(data, mediaType, Path.GetFileName(real));
    }

    /// <summary>Reads a located file under a size limit; <paramref name="limitText"/> says whose limit it is and what to do.</summary>
    public async Task<byte[]> ReadBytesAsync(string real, string reference, long maxBytes, string limitText, CancellationToken cancellationToken)
    {
        var info = new FileInfo(real);
        if (!info.Exists)
        {
            throw new ImageReferenceException($"'{reference}' is not a file (it is a folder or a broken link) under the allowed folders ({RootList}).");
        }

        if (info.Length > maxBytes)
        {
            throw new ImageReferenceException(
                $"'{reference}' is {info.Length} bytes, more than the {maxBytes} bytes allowed for {limitText}.");
        }

        byte[] data;
        try
        {
            data = await File.ReadAllBytesAsync(real, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImageReferenceException($"'{reference}' could not be read: {e.Message}", e);
        }

        if (data.Length > maxBytes)
        {
            throw new ImageReferenceException($"'{reference}' grew past the {maxBytes} bytes allowed for {limitText} while it was read.");
        }

        return data;
    }

    private string FindFile(string path, string reference)
    {
        if (Path.IsPathRooted(path))
        {
            var full = Path.GetFullPath(path);
            if (!_roots.Any(r => IsInside(full, r.Lexical) || IsInside(full, r.Real)))
            {
                throw new ImageReferenceException($"'{reference}' is outside the folders this application allows ({RootList}); name a file inside one of them.");
            }

            return File.Exists(full) || Directory.Exists(full)
                ? full
                : throw new ImageReferenceException($"There is no file '{reference}': name a file inside {RootList}.");
        }

        // A relative path names a file inside one of the roots, tried in order.
        foreach (var (root, _) in _roots)
        {
            var candidate = Path.GetFullPath(Path.Combine(root, path));
            if (IsInside(candidate, root) && (File.Exists(candidate) || Directory.Exists(candidate) || new FileInfo(candidate).LinkTarget is not null))
            {
                return candidate;
            }
        }

        throw new ImageReferenceException($"There is no image '{reference}': no registered image or image of this conversation has that name, and no such file is inside {RootList}.");
    }

    private static bool IsInside(string path, string root) =>
        path.Length > root.Length
        && path.StartsWith(root, PathComparison)
        && (path[root.Length] == Path.DirectorySeparatorChar || path[root.Length] == Path.AltDirectorySeparatorChar || Path.EndsInDirectorySeparator(root));

    /// <summary>The path with every link on it followed, so the result holds no link at all.</summary>
    internal static string RealPath(string fullPath)
    {
        var hops = 0;
        return Resolve(fullPath, ref hops);

        static string Resolve(string path, ref int hops)
        {
            var root = Path.GetPathRoot(path) ?? string.Empty;
            var current = root;
            var parts = path[root.Length..].Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < parts.Length; i++)
            {
                var next = Path.Combine(current, parts[i]);
                FileSystemInfo entry = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
                if (entry.LinkTarget is { } target)
                {
                    if (++hops > MaxLinkHops)
                    {
                        throw new ImageReferenceException($"'{path}' has too many links to follow.");
                    }

                    var targetPath = Path.GetFullPath(target, current);
                    next = Resolve(targetPath, ref hops);
                }

                current = next;
            }

            return current;
        }
    }
}
