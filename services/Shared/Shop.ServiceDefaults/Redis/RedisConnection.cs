using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Shop.ServiceDefaults.Configuration;
using StackExchange.Redis;

namespace Shop.ServiceDefaults.Redis;

/// <summary>
/// The one way Shop connects to Redis. Modules register the multiplexer with TryAdd, so in the monolith the first
/// module's connection serves them all: the settings must be the same for every module, hence one place.
/// </summary>
public static class RedisConnection
{
    /// <summary>
    /// Registers the process's Redis multiplexer from the connection string <paramref name="name"/>, failing at once
    /// when it is missing or malformed. Every module that uses Redis calls this; in the monolith the first call
    /// provides the one multiplexer they all share, and the others only check their setting.
    /// </summary>
    public static IServiceCollection AddRedisConnection(this IServiceCollection services, IConfiguration configuration, string name)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = ParseConfiguration(
            RequiredConnectionString.Get(configuration, name, "a StackExchange.Redis configuration string such as 127.0.0.1:16379"),
            RequiredConnectionString.Key(name));
        services.TryAddSingleton(_ => Connect(options));
        return services;
    }

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
        // The host starts (and reports not ready, or degraded where it can serve without Redis, like the catalog
        // reading from PostgreSQL) while Redis is away; the multiplexer reconnects in the background instead of
        // failing the first resolution, and with it the request or the host.
        options.AbortOnConnectFail = false;
        // While disconnected, fail commands at once rather than queueing them until the timeout: the cart answers 503
        // for the buyer to retry, the catalog falls back to PostgreSQL, instead of requests that hang for seconds.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        return options;
    }

    public static IConnectionMultiplexer Connect(ConfigurationOptions options) => ConnectionMultiplexer.Connect(options);
}
