using System.Text.RegularExpressions;
using Connectors.Cli.Hosting;
using Connectors.Cli.Tests.Infrastructure;

namespace Connectors.Cli.Tests;

public sealed partial class EmulatorCommandTests
{
    [Fact]
    public async Task Emulator_serves_until_cancelled_and_then_exits_cleanly()
    {
        var output = new LockedWriter();
        var console = CliConsole.Plain(output, new StringWriter());
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var run = CliApplication.RunAsync(["emulator", "--port", "0"], console, cancellationToken: cts.Token);

        var listening = await output.WaitForAsync(Listening(), TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);

        Assert.True(listening.Success, output.ToString());
        using var http = new HttpClient();
        var health = await http.GetAsync(new Uri(new Uri(listening.Groups[1].Value), "api/health"), TestContext.Current.CancellationToken);
        Assert.True(health.IsSuccessStatusCode);

        await cts.CancelAsync();
        Assert.Equal(ExitCodes.Success, await run);
        Assert.Contains("Emulator stopped.", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_rules_file_is_a_usage_error()
    {
        var result = await Tool.RunAsync("emulator", "--port", "0", "--rules", "no-rules.json");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--rules", result.Error, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"listening on (\S+)")]
    private static partial Regex Listening();

    /// <summary>A writer the test can read while the command writes from another thread.</summary>
    /// <summary>A writer other threads write to; a test waits for a line to appear, woken by each write.</summary>
    private sealed class LockedWriter : StringWriter
    {
        private readonly Lock _gate = new();
        private readonly SemaphoreSlim _written = new(0);

        public async Task<Match> WaitForAsync(Regex pattern, TimeSpan timeout, CancellationToken cancellationToken)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            while (true)
            {
                var match = pattern.Match(ToString());
                if (match.Success)
                {
                    return match;
                }

                try
                {
                    await _written.WaitAsync(deadline.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    return match;
                }
            }
        }

        public override void Write(char value)
        {
            lock (_gate)
            {
                base.Write(value);
            }

            _written.Release();
        }

        public override void Write(string? value)
        {
            lock (_gate)
            {
                base.Write(value);
            }

            _written.Release();
        }

        public override void WriteLine(string? value)
        {
            lock (_gate)
            {
                base.WriteLine(value);
            }

            _written.Release();
        }

        public override string ToString()
        {
            lock (_gate)
            {
                return base.ToString();
            }
        }
    }
}
