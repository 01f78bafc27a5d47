using System.Collections.Concurrent;

namespace Connectors.Emulator.Knowledge;

/// <summary>The Knowledge Tables of an emulator. Thread-safe.</summary>
public sealed class KnowledgeStore
{
    private readonly ConcurrentDictionary<string, KnowledgeTable> _tables = new(StringComparer.Ordinal);

    // One per emulator, reached through EmulatorServer.Knowledge.
    internal KnowledgeStore()
    {
    }

    /// <summary>Every table.</summary>
    public IReadOnlyCollection<KnowledgeTable> Tables => [.. _tables.Values.OrderBy(t => t.Id, StringComparer.Ordinal)];

    /// <summary>The table with this id, created empty when missing.</summary>
    public KnowledgeTable GetOrCreate(string tableId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableId);
        return _tables.GetOrAdd(tableId, id => new KnowledgeTable(id));
    }

    /// <summary>Looks a table up.</summary>
    public bool TryGet(string tableId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out KnowledgeTable? table) =>
        _tables.TryGetValue(tableId, out table);

    /// <summary>Deletes a table; false when it did not exist.</summary>
    public bool Remove(string tableId) => _tables.TryRemove(tableId, out _);

    /// <summary>Loads .txt and .md files: those directly in <paramref name="folder"/> into <paramref name="defaultTableId"/>, each sub-folder into a table of its name.</summary>
    public void LoadFolder(string folder, string defaultTableId = "knowledge")
    {
        LoadFiles(folder, defaultTableId);
        foreach (var sub in Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal))
        {
            LoadFiles(sub, Path.GetFileName(sub));
        }
    }

    private void LoadFiles(string folder, string tableId)
    {
        var files = Directory.EnumerateFiles(folder)
            .Where(f => f.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            return;
        }

        var table = GetOrCreate(tableId);
        foreach (var file in files)
        {
            table.AddDocument(Path.GetFileName(file), File.ReadAllText(file));
        }
    }
}
