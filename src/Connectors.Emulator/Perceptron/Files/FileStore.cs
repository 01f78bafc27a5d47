using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;

namespace Connectors.Emulator.Perceptron.Files;

/// <summary>
/// Uploaded files on disk: each file's bytes as <c>{id}</c> and its record as <c>{id}.json</c> in one folder, read
/// back at start (a data folder keeps its files across runs). Storage counts against a quota as the API's does.
/// </summary>
internal sealed class FileStore : IDisposable
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private readonly ConcurrentDictionary<string, StoredFileRecord> _files = new(StringComparer.Ordinal);
    private readonly bool _temporary;
    private readonly Lock _quota = new();
    private long _used;
    private long _reserved;
    private long _sequence;

    public FileStore(string? folder, long maxFileBytes, long quotaBytes)
    {
        _temporary = folder is null;
        Folder = Path.Combine(folder ?? Path.Combine(Path.GetTempPath(), "connectors-emulator-" + Guid.NewGuid().ToString("N")), "files");
        Directory.CreateDirectory(Folder);
        MaxFileBytes = maxFileBytes;
        QuotaBytes = quotaBytes;
        foreach (var path in Directory.EnumerateFiles(Folder, "*.json"))
        {
            if (Load(path) is { } record && File.Exists(PathOf(record.Id)))
            {
                _files[record.Id] = record;
                _used += record.Bytes;
                _sequence = Math.Max(_sequence, record.Sequence);
            }
        }
    }

    public string Folder { get; }

    /// <summary>A stored record, or null for one that cannot be read (a half-written file from a crash is skipped, not fatal).</summary>
    private static StoredFileRecord? Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), FilesJson.Default.StoredFileRecord);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public long MaxFileBytes { get; }

    public long QuotaBytes { get; }

    public static string NewId() => "file-" + RandomNumberGenerator.GetString(Alphabet, 22);

    public string PathOf(string id) => Path.Combine(Folder, id);

    public StoredFileRecord? Get(string id) => _files.TryGetValue(id, out var record) ? record : null;

    /// <summary>The files, oldest first.</summary>
    public IReadOnlyList<StoredFileRecord> All() => [.. _files.Values.OrderBy(static f => f.Sequence)];

    /// <summary>Holds room for an upload of up to this many bytes; false when the quota would be passed.</summary>
    public bool TryReserve(long bytes)
    {
        lock (_quota)
        {
            if (_used + _reserved + bytes > QuotaBytes)
            {
                return false;
            }

            _reserved += bytes;
            return true;
        }
    }

    public void Release(long bytes)
    {
        lock (_quota)
        {
            _reserved -= bytes;
        }
    }

    /// <summary>Keeps an upload written to <paramref name="tempPath"/> under <paramref name="id"/>.</summary>
    public StoredFileRecord Commit(string id, string tempPath, long bytes, string filename, string purpose, string mediaType)
    {
        File.Move(tempPath, PathOf(id));
        var record = new StoredFileRecord(id, bytes, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), filename, purpose, mediaType, Interlocked.Increment(ref _sequence));
        File.WriteAllBytes(PathOf(id) + ".json", JsonSerializer.SerializeToUtf8Bytes(record, FilesJson.Default.StoredFileRecord));
        lock (_quota)
        {
            _used += bytes;
        }

        _files[id] = record;
        return record;
    }

    public bool Delete(string id)
    {
        if (!_files.TryRemove(id, out var record))
        {
            return false;
        }

        File.Delete(PathOf(id) + ".json");
        File.Delete(PathOf(id));
        lock (_quota)
        {
            _used -= record.Bytes;
        }

        return true;
    }

    public void Dispose()
    {
        if (_temporary)
        {
            try
            {
                Directory.Delete(Path.GetDirectoryName(Folder)!, recursive: true);
            }
            catch (IOException)
            {
                // A file still open by a reader: the temp folder is cleaned by the OS eventually.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
