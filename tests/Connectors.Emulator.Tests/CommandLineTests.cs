using Connectors.Emulator.Hosting;

namespace Connectors.Emulator.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void Defaults_to_port_5080_on_loopback()
    {
        var options = CommandLine.Parse([]);
        Assert.Equal(5080, options.Port);
        Assert.Equal("127.0.0.1", options.Host);
        Assert.Equal(300, options.RateLimitPerMinute);
        Assert.Empty(options.ApiKeys);
    }

    [Fact]
    public void Reads_every_option()
    {
        var options = CommandLine.Parse(["--port", "6000", "--host", "0.0.0.0", "--rules", "r.json", "--knowledge", "kt", "--log", "l.jsonl", "--rate-limit", "10", "--rate-limit-window", "5", "--api-key", "a", "--api-key", "b", "--verbose"]);
        Assert.Equal(6000, options.Port);
        Assert.Equal("0.0.0.0", options.Host);
        Assert.Equal("r.json", options.RulesFile);
        Assert.Equal("kt", options.KnowledgeFolder);
        Assert.Equal("l.jsonl", options.RequestLogPath);
        Assert.Equal(10, options.RateLimitPerMinute);
        Assert.Equal(TimeSpan.FromSeconds(5), options.RateLimitWindow);
        Assert.Equal(["a", "b"], options.ApiKeys.Order());
        Assert.True(options.VerboseLogging);
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--port")]
    [InlineData("--port", "x")]
    [InlineData("--rate-limit", "-1")]
    [InlineData("--rate-limit-window", "0")]
    public void Rejects_bad_arguments(params string[] args) =>
        Assert.Throws<ArgumentException>(() => CommandLine.Parse(args));
}
