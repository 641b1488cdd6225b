using System.Globalization;
using Shop.Topology.Hosts;

namespace Shop.Topology.Planning;

/// <summary>Where a deployment's PostgreSQL server is, and how its databases are named there.</summary>
/// <param name="Host">Its address (127.0.0.1 on this machine).</param>
/// <param name="Port">Its port.</param>
/// <param name="Username">The role every host connects as.</param>
/// <param name="Password">That role's password.</param>
/// <param name="DatabaseSuffix">Appended to every database name, so several deployments can share one server
/// (the end-to-end tests, the footprint) without reading each other's data.</param>
public sealed record PostgresServer(string Host, int Port, string Username, string Password, string DatabaseSuffix = "")
{
    public string DatabaseName(ShopDatabase database) => database.Name + DatabaseSuffix;

    public string ConnectionString(ShopDatabase database) =>
        string.Create(CultureInfo.InvariantCulture, $"Host={Host};Port={Port};Database={DatabaseName(database)};Username={Username};Password={Password}");
}

/// <summary>The servers a deployment's hosts talk to.</summary>
/// <param name="Postgres">The PostgreSQL server.</param>
/// <param name="Redis">A StackExchange.Redis configuration string (host:port[,defaultDatabase=N,…]).</param>
/// <param name="RabbitMq">The AMQP URI with the virtual host, or null where no host of the shape needs a broker.</param>
public sealed record ServerAddresses(PostgresServer Postgres, string Redis, string? RabbitMq);

/// <summary>The secrets every deployment generates or is given.</summary>
/// <param name="SigningKey">Base64 HMAC key of the demo tokens, shared by the gateway and every service.</param>
/// <param name="AdminKey">The key that earns an admin token from the gateway's demo issuer.</param>
public sealed record ShopSecrets(string SigningKey, string AdminKey);

/// <summary>The simulated payment provider's settings; null leaves the host's own default.</summary>
public sealed record PaymentSettings(double? FailureRate = null, string? Latency = null);
