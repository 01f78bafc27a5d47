using System.Globalization;
using System.Text;
using Connectors.Cli.Hosting;

namespace Connectors.Cli.Batch;

/// <summary>
/// <c>--shard K/N</c>: shard K (1-based) of N takes the images whose path hash modulo N is K-1. The hash (64-bit
/// FNV-1a) is of the path relative to the current folder with '/' separators, so machines that see the dataset at
/// the same relative place split it the same way, with no coordinator: together the N shards take every image once.
/// </summary>
internal sealed class ShardSelector
{
    private ShardSelector(int index, int count)
    {
        Index = index;
        Count = count;
    }

    /// <summary>Shard number, 1-based.</summary>
    public int Index { get; }

    /// <summary>How many shards split the inputs.</summary>
    public int Count { get; }

    /// <summary>Every image: one shard of one.</summary>
    public static ShardSelector All { get; } = new(1, 1);

    /// <exception cref="CliException">Not of the form K/N with 1 ≤ K ≤ N.</exception>
    public static ShardSelector Parse(string? text)
    {
        if (text is null)
        {
            return All;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0
            && int.TryParse(text.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out var k)
            && int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            && n >= 1 && k >= 1 && k <= n)
        {
            return new ShardSelector(k, n);
        }

        throw new CliException($"--shard takes K/N with 1 <= K <= N, such as 1/3 for the first of three machines, not '{text}'.");
    }

    /// <summary>Whether this shard takes the image at <paramref name="fullPath"/>.</summary>
    public bool Takes(string fullPath) => Count == 1 || (int)(Hash(Key(fullPath)) % (ulong)Count) == Index - 1;

    /// <summary>The path the hash is of: relative to the current folder, '/' separated.</summary>
    internal static string Key(string fullPath) => Path.GetRelativePath(Environment.CurrentDirectory, fullPath).Replace('\\', '/');

    internal static ulong Hash(string key)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }
}
