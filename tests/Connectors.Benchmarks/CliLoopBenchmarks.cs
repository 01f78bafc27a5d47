using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Connectors.Cli;
using Connectors.Emulator;
using Connectors.Emulator.Scenes;

namespace Connectors.Benchmarks;

/// <summary>
/// What a batch saves over a shell loop: the same 20 scenes detected by one <c>connectors batch</c> process, and by
/// 20 <c>connectors detect --json</c> processes one after another (a cold start each), against the emulator on
/// 127.0.0.1 in this process. Ratio = loop / batch.
/// </summary>
public class CliLoopBenchmarks
{
    private const int Images = 20;
    private string _folder = null!;
    private EmulatorServer _server = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("connectors-loop-bench-").FullName;
        for (var i = 0; i < Images; i++)
        {
            var scene = SceneGenerator.Generate(new SceneOptions { Width = 160, Height = 120, Seed = i, RandomObjects = 2, MinSize = 18, MaxSize = 30 });
            File.WriteAllBytes(Path.Combine(_folder, $"scene-{i:D3}.png"), scene.Png);
        }

        _server = EmulatorServer.StartAsync(new EmulatorOptions { RateLimitPerMinute = int.MaxValue }).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "one batch process, 20 images")]
    public void Batch()
    {
        var results = Path.Combine(_folder, "results.jsonl");
        File.Delete(results);
        Run(["batch", "detect", _folder, "--out", results, "--concurrency", "8", "--rate", "0", "--endpoint", _server.PerceptronEndpoint.ToString()]);
    }

    [Benchmark(Description = "20 detect processes in a loop")]
    public void Loop()
    {
        foreach (var image in Directory.EnumerateFiles(_folder, "*.png"))
        {
            Run(["detect", image, "--json", "--endpoint", _server.PerceptronEndpoint.ToString()]);
        }
    }

    private static void Run(string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(CliApplication).Assembly.Location);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"connectors {arguments[0]} exited with {process.ExitCode}: {error.GetAwaiter().GetResult()}");
        }
    }
}
