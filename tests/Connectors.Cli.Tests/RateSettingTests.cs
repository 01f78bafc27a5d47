using Connectors.Cli.Fleet;
using Connectors.Cli.Hosting;

namespace Connectors.Cli.Tests;

/// <summary><c>--rate</c>'s forms, and the Redis key a fleet's limit lives under.</summary>
public class RateSettingTests
{
    [Theory]
    [InlineData("300", 300, 60)]
    [InlineData("0", 0, 60)]
    [InlineData("60/5s", 60, 5)]
    [InlineData("300/1m", 300, 60)]
    [InlineData("1000/1h", 1000, 3600)]
    public void Reads_a_count_and_an_optional_window(string text, int permits, int seconds) =>
        Assert.Equal(new RateSetting(permits, TimeSpan.FromSeconds(seconds)), RateSetting.Parse(text));

    [Theory]
    [InlineData("-1")]
    [InlineData("60/")]
    [InlineData("60/0s")]
    [InlineData("60/5d")]
    [InlineData("sixty")]
    [InlineData("60/s")]
    public void Refuses_anything_else_naming_the_forms(string text)
    {
        var e = Assert.Throws<CliException>(() => RateSetting.Parse(text));
        Assert.Contains("60/5s", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_fleets_redis_key_names_neither_the_api_key_nor_the_endpoint_but_tells_them_apart()
    {
        var endpoint = new Uri("https://api.perceptron.inc/v1");
        var partition = RedisFleet.Partition(endpoint, "sk-live-0123456789abcdef");
        Assert.DoesNotContain("sk-live", partition, StringComparison.Ordinal);
        Assert.DoesNotContain("perceptron.inc", partition, StringComparison.Ordinal);
        Assert.StartsWith("connectors:", partition, StringComparison.Ordinal);
        Assert.Equal(partition, RedisFleet.Partition(endpoint, "sk-live-0123456789abcdef"));
        Assert.NotEqual(partition, RedisFleet.Partition(endpoint, "sk-live-other"));
        Assert.NotEqual(partition, RedisFleet.Partition(new Uri("http://127.0.0.1:5080/v1"), "sk-live-0123456789abcdef"));
    }
}
