using BenchmarkDotNet.Attributes;
using Connectors.Emulator;
using Connectors.Perceptron;

namespace Connectors.Benchmarks;

/// <summary>
/// A 60 MB file uploaded from disk with <see cref="PerceptronFileClient"/> to the emulator on 127.0.0.1 (real
/// sockets, multipart with Content-Length), then deleted. The emulator runs in the benchmark process and streams
/// the upload to its own disk, so its allocations are in the number too: flat memory means the 60 MB never sit in
/// a buffer on either side.
/// </summary>
[MemoryDiagnoser]
public class FileUploadBenchmarks
{
    public const int FileBytes = 60 * 1024 * 1024;
    private EmulatorServer _server = null!;
    private HttpClient _http = null!;
    private PerceptronFileClient _files = null!;
    private string _path = null!;

    [GlobalSetup]
    public void Setup()
    {
        // The upload route allows 60 a minute, which a run of this benchmark passes: counted per second instead, so the
        // run measures the upload, not a Retry-After wait.
        _server = EmulatorServer.StartAsync(new EmulatorOptions { RateLimitWindow = TimeSpan.FromSeconds(1) }).GetAwaiter().GetResult();
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        _files = new PerceptronFileClient(new PerceptronClientOptions { Endpoint = _server.PerceptronEndpoint, Resilience = new() { RequestsPerWindow = null } }, _http);

        // An mp4 header (what the API accepts is told from the bytes) and 60 MB after it.
        _path = Path.Combine(Path.GetTempPath(), $"connectors-upload-{Environment.ProcessId}.mp4");
        using var file = File.Create(_path);
        file.Write([0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m']);
        file.SetLength(FileBytes);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _files.Dispose();
        _http.Dispose();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        File.Delete(_path);
    }

    [Benchmark(Description = "Upload 60 MB (PerceptronFileClient → emulator)")]
    public async Task<long> Upload()
    {
        var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            var file = await _files.UploadAsync(stream, "video/mp4", "upload.mp4").ConfigureAwait(false);
            await _files.DeleteAsync(file.FileId).ConfigureAwait(false);
            return file.SizeInBytes ?? throw new InvalidOperationException("no size");
        }
    }
}
