using Connectors.Cli.Hosting;

namespace Connectors.Cli.Batch;

/// <summary>
/// Expands the inputs of a batch: image files, folders (searched recursively) and globs (<c>*</c> and <c>?</c> in
/// the last part, <c>**</c> for any depth: <c>photos/**/*.jpg</c>). Paths are returned once each, in ordinal order,
/// as full paths; only PNG, JPEG and WebP names are taken from folders and globs.
/// </summary>
internal static class BatchInputs
{
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".webp"];

    /// <exception cref="CliException">An input names nothing, or nothing at all is found.</exception>
    public static IReadOnlyList<string> Expand(IEnumerable<string> inputs)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            var before = found.Count;
            if (input.IndexOfAny(['*', '?']) >= 0)
            {
                AddGlob(input, found);
            }
            else if (Directory.Exists(input))
            {
                AddImages(Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories), found);
            }
            else if (File.Exists(input))
            {
                found.Add(Path.GetFullPath(input));
            }
            else
            {
                throw new CliException($"'{input}' is neither a file, a folder nor a glob that matches: check the path.");
            }

            if (found.Count == before && !File.Exists(input))
            {
                throw new CliException($"'{input}' holds no PNG, JPEG or WebP image: give image files, folders of them, or a glob such as 'photos/**/*.jpg'.");
            }
        }

        return [.. found];
    }

    private static void AddGlob(string glob, SortedSet<string> found)
    {
        var normalized = glob.Replace('\\', '/');
        var parts = normalized.Split('/');
        var firstWild = Array.FindIndex(parts, p => p.IndexOfAny(['*', '?']) >= 0);
        if (firstWild != parts.Length - 1 && !(firstWild == parts.Length - 2 && parts[firstWild] == "**"))
        {
            throw new CliException($"'{glob}' has wildcards in a folder name: put them in the file name only, with '**/' for any depth (e.g. 'photos/**/*.jpg').");
        }

        var root = firstWild == 0 ? "." : string.Join('/', parts[..firstWild]);
        if (root.Length == 0)
        {
            root = "/";
        }

        var recursive = parts[firstWild] == "**";
        var pattern = parts[^1] == "**" ? "*" : parts[^1];
        if (!Directory.Exists(root))
        {
            throw new CliException($"The folder '{root}' of '{glob}' does not exist: check the path.");
        }

        AddImages(Directory.EnumerateFiles(root, pattern, recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly), found);
    }

    private static void AddImages(IEnumerable<string> files, SortedSet<string> found)
    {
        foreach (var file in files)
        {
            if (ImageExtensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase))
            {
                found.Add(Path.GetFullPath(file));
            }
        }
    }
}
