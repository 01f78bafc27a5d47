using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Connectors.Cli.Hosting;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using RedisRateLimiting;
using StackExchange.Redis;

namespace Connectors.Cli.Fleet;

/// <summary>
/// What processes on one or many machines share through one Redis: the API key's request window (a sliding window, so
/// together they never exceed it) and the answers (MEAI's distributed cache). Keys in Redis name a hash of the
/// endpoint and API key, never the key itself.
/// </summary>
internal sealed class RedisFleet : IAsyncDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How much longer than the window a request counts: the window counts a request when it leaves, the service when
    /// it arrives (a cold first request can take a few hundred milliseconds), and each machine stamps it by its own clock.
    /// </summary>
    internal static readonly TimeSpan WireSlack = TimeSpan.FromSeconds(1);

    private readonly ConnectionMultiplexer _redis;
    private readonly List<RateLimiter> _limiters = [];

    private RedisFleet(ConnectionMultiplexer redis)
    {
        _redis = redis;
        Cache = new RedisCache(new RedisCacheOptions
        {
            ConnectionMultiplexerFactory = () => Task.FromResult<IConnectionMultiplexer>(_redis),
            InstanceName = "connectors:answers:",
        });
    }

    /// <summary>The answers the fleet shares.</summary>
    public IDistributedCache Cache { get; }

    /// <summary>Connects, or says what to fix.</summary>
    /// <param name="configuration">A StackExchange.Redis configuration, e.g. <c>localhost:6379</c> or <c>redis1:6379,password=...</c>.</param>
    /// <param name="cancellationToken">Cancels the connection.</param>
    /// <exception cref="CliException">The configuration is malformed or Redis cannot be reached.</exception>
    public static async Task<RedisFleet> ConnectAsync(string configuration, CancellationToken cancellationToken)
    {
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(configuration);
        }
        catch (ArgumentException)
        {
            throw new CliException("--redis must be a Redis configuration such as localhost:6379 or host:6379,password=SECRET.");
        }

        options.AbortOnConnectFail = true;
        options.ConnectTimeout = (int)ConnectTimeout.TotalMilliseconds;
        // Where Redis is, for messages: never the password the configuration may carry.
        var display = string.Join(",", options.EndPoints.Select(e => e.ToString()));
        try
        {
            var redis = await ConnectionMultiplexer.ConnectAsync(options).WaitAsync(ConnectTimeout * 2, cancellationToken).ConfigureAwait(false);
            return new RedisFleet(redis);
        }
        catch (Exception e) when (e is RedisConnectionException or TimeoutException)
        {
            throw new CliException($"Redis at {display} could not be reached: start it, or fix --redis (CONNECTORS_REDIS).", ExitCodes.Configuration);
        }
    }

    /// <summary>
    /// One sliding window per endpoint and key, shared by every process that names the same Redis, so together they send
    /// no more than <paramref name="rate"/> in any window (each request counted for <see cref="WireSlack"/> longer).
    /// </summary>
    public RateLimiter Limiter(Uri endpoint, string? apiKey, RateSetting rate)
    {
        var limiter = new RedisSlidingWindowRateLimiter<string>(Partition(endpoint, apiKey), new RedisSlidingWindowRateLimiterOptions
        {
            ConnectionMultiplexerFactory = () => _redis,
            PermitLimit = rate.Permits,
            Window = rate.Window + WireSlack,
        });
        _limiters.Add(limiter);
        return limiter;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var limiter in _limiters)
        {
            await limiter.DisposeAsync().ConfigureAwait(false);
        }

        await _redis.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The Redis key's name for a limit: a hash, so the API key never reaches Redis.</summary>
    internal static string Partition(Uri endpoint, string? apiKey) =>
        "connectors:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{endpoint.AbsoluteUri}\n{apiKey}")).AsSpan(0, 12));
}
