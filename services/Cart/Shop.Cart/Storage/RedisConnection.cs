using StackExchange.Redis;

namespace Shop.Cart.Storage;

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
        // The host starts (and reports not ready) while Redis is away; the multiplexer reconnects in the background
        // instead of failing the first resolution, and with it the host.
        options.AbortOnConnectFail = false;
        // While disconnected, fail commands at once: the buyer gets a 503 to retry instead of a request that hangs
        // until the command timeout.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        return options;
    }

    public static IConnectionMultiplexer Connect(ConfigurationOptions options) => ConnectionMultiplexer.Connect(options);
}
