using StackExchange.Redis;

namespace Shop.Catalog.Caching;

internal static class RedisConnection
{
    /// <summary>Parses the configuration string up front, so a typo fails the host at startup with its key named.</summary>
    public static ConfigurationOptions ParseConfiguration(string configuration, string configurationKey)
    {
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(configuration);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"{configurationKey} is not a valid StackExchange.Redis configuration string: {ex.Message}", ex);
        }
        // The catalog keeps serving from PostgreSQL while Redis is away; the multiplexer reconnects in the background
        // instead of failing the first resolution (and with it the request or the host) when Redis is down.
        options.AbortOnConnectFail = false;
        // While disconnected, fail commands at once rather than queueing them until the timeout: a cache that makes
        // every read wait seconds for a dead server is worse than no cache.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        return options;
    }

    public static IConnectionMultiplexer Connect(ConfigurationOptions options) => ConnectionMultiplexer.Connect(options);
}
