using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Connectors.Cli;
using Connectors.Cli.Hosting;
using Connectors.Emulator;
using Connectors.Emulator.Scenes;

namespace Connectors.Benchmarks;

/// <summary>
/// <c>connectors batch detect</c> over a folder of generated 160×120 scenes against the emulator on 127.0.0.1 (its
/// per-key limit and the client's limiter off), 8 in flight: the time of the whole batch (images a second = count /
/// mean). Memory: after the benchmark runs, the same batch runs once more as a child process whose working set is
/// sampled, and its peak is written to the log (a flat batch holds about the same for 2,000 images as for 200).
/// </summary>
[MemoryDiagnoser]
public class BatchBenchmarks
{
    private string _folder = null!;
    private EmulatorServer _server = null!;

    [Params(200, 2000)]
    public int Images { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("connectors-batch-bench-").FullName;
        for (var i = 0; i < Images; i++)
        {
            var scene = SceneGenerator.Generate(new SceneOptions { Width = 160, Height = 120, Seed = i, RandomObjects = 2, MinSize = 18, MaxSize = 30 });
            File.WriteAllBytes(Path.Combine(_folder, $"scene-{i:D5}.png"), scene.Png);
        }

        _server = EmulatorServer.StartAsync(new EmulatorOptions { RateLimitPerMinute = int.MaxValue }).GetAwaiter().GetResult();
    }

    [IterationSetup]
    public void DeleteResults() => File.Delete(Results);

    private string Results => Path.Combine(Path.GetTempPath(), $"connectors-batch-bench-{Images}.jsonl");

    private string[] Arguments => ["batch", "detect", _folder, "--out", Results, "--concurrency", "8", "--rate", "0", "--endpoint", _server.PerceptronEndpoint.ToString()];

    [Benchmark(Description = "batch detect, 8 in flight")]
    public async Task<int> Batch()
    {
        var code = await CliApplication.RunAsync(Arguments, CliConsole.Plain(TextWriter.Null, TextWriter.Null)).ConfigureAwait(false);
        return code == 0 ? code : throw new InvalidOperationException($"batch exited with {code}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        try
        {
            File.Delete(Results);
            var peak = PeakWorkingSetOfChildBatch();
            Console.WriteLine($"// peak working set of a child process running batch detect over {Images} images: {peak / (1024.0 * 1024.0):F1} MB");
        }
        finally
        {
            _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Directory.Delete(_folder, recursive: true);
            File.Delete(Results);
        }
    }

    /// <summary>Runs the batch in a process of its own and samples its working set until it exits.</summary>
    private long PeakWorkingSetOfChildBatch()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(CliApplication).Assembly.Location);
        foreach (var argument in Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var peak = 0L;
        while (!process.WaitForExit(20))
        {
            process.Refresh();
            peak = Math.Max(peak, process.WorkingSet64);
        }

        process.WaitForExit();
        return process.ExitCode == 0 ? peak : throw new InvalidOperationException($"the child batch exited with {process.ExitCode}: {errors}");
    }
}
