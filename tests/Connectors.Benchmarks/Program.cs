using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Connectors.Benchmarks;

// Usage (from the repository root):
//   dotnet run -c Release --project tests/Connectors.Benchmarks                 every benchmark, the README's job
//   dotnet run -c Release --project tests/Connectors.Benchmarks -- --short      every benchmark once (CI), also CONNECTORS_BENCH_SHORT=1
//   ... -- --filter '*Streaming*'                                                any BenchmarkDotNet switch narrows the run
var shortRun = args.Contains("--short") || Environment.GetEnvironmentVariable("CONNECTORS_BENCH_SHORT") is "1" or "true";
var rest = args.Where(a => a != "--short").ToList();
if (!rest.Contains("--filter"))
{
    rest.AddRange(["--filter", "*"]);
}

// In-process: no per-benchmark project generation and build, so the run starts at once and works offline.
var job = shortRun
    ? Job.Dry.WithToolchain(InProcessEmitToolchain.Instance).WithId("Short")
    : Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10).WithToolchain(InProcessEmitToolchain.Instance).WithId("Full");
var config = ManualConfig.Create(DefaultConfig.Instance)
    .AddJob(job)
    .WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Value))
    .WithOptions(ConfigOptions.DisableLogFile);

var summaries = BenchmarkSwitcher.FromAssembly(typeof(LoopbackBenchmarks).Assembly).Run([.. rest], config);
var failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
return failed ? 1 : 0;
