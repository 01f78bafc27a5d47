using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Cli.Hosting;

namespace Connectors.Cli.Batch;

/// <summary>
/// The results file of a batch, one JSON object a line, appended as each image finishes: the single-image
/// <c>--json</c> result with its <c>path</c> first, or <c>{"path","error","exitCode"}</c> for an image that failed.
/// Read back, it says what a re-run may skip; a later success for a path supersedes its failure, and a line cut short
/// by a killed process is ignored.
/// </summary>
internal sealed class BatchJournal : IDisposable
{
    private static readonly JsonSerializerOptions LineOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly StreamWriter _writer;
    private readonly Lock _gate = new();

    private BatchJournal(StreamWriter writer, HashSet<string> succeeded, HashSet<string> failed)
    {
        _writer = writer;
        Succeeded = succeeded;
        Failed = failed;
    }

    /// <summary>Paths the file holds a result for.</summary>
    public IReadOnlySet<string> Succeeded { get; }

    /// <summary>Paths whose last line is a failure.</summary>
    public IReadOnlySet<string> Failed { get; }

    /// <summary>Reads what the file holds and opens it for appending (creating it and its folder if needed).</summary>
    /// <exception cref="CliException">The file cannot be read or written.</exception>
    public static BatchJournal Open(string path)
    {
        var succeeded = new HashSet<string>(StringComparer.Ordinal);
        var failed = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            var full = Path.GetFullPath(path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            var endsWithNewLine = true;
            if (File.Exists(full))
            {
                foreach (var line in ResultLines.Read(full))
                {
                    if (line.Error is null)
                    {
                        succeeded.Add(line.Path);
                        failed.Remove(line.Path);
                    }
                    else if (!succeeded.Contains(line.Path))
                    {
                        failed.Add(line.Path);
                    }
                }

                endsWithNewLine = EndsWithNewLine(full);
            }

            var writer = new StreamWriter(new FileStream(full, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
            if (!endsWithNewLine)
            {
                writer.WriteLine(); // a line cut short stays a line of its own, ignored when read
            }

            return new BatchJournal(writer, succeeded, failed);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Could not open the results file '{path}': {e.Message} Check the path and its permissions.", ExitCodes.Usage, e);
        }
    }

    /// <summary>Appends the result of one image, flushed at once so an interrupted run keeps it.</summary>
    public void WriteResult(string path, JsonObject result)
    {
        var line = new JsonObject { ["path"] = path };
        foreach (var (name, value) in result)
        {
            line[name] = value?.DeepClone();
        }

        Write(line);
    }

    /// <summary>Appends the failure of one image.</summary>
    public void WriteFailure(string path, string error, int exitCode) =>
        Write(new JsonObject { ["path"] = path, ["error"] = error, ["exitCode"] = exitCode });

    private void Write(JsonObject line)
    {
        var text = line.ToJsonString(LineOptions);
        lock (_gate)
        {
            _writer.WriteLine(text);
            _writer.Flush();
        }
    }

    private static bool EndsWithNewLine(string path)
    {
        using var stream = File.OpenRead(path);
        if (stream.Length == 0)
        {
            return true;
        }

        stream.Seek(-1, SeekOrigin.End);
        return stream.ReadByte() == '\n';
    }

    public void Dispose() => _writer.Dispose();
}
