using Npgsql;

namespace Shop.Messaging.Tests.Infrastructure;

/// <summary>Where the shared test servers are; started by <c>deploy/local/servers.sh start postgres rabbitmq</c>.</summary>
public static class TestServers
{
    /// <summary>The role's connection, on the maintenance database unless the variable names another one.</summary>
    public static string PostgresAdmin { get; } = AdminConnectionString(
        Environment.GetEnvironmentVariable("SHOP_TEST_POSTGRES") is { Length: > 0 } postgres
            ? postgres
            : "Host=127.0.0.1;Port=15432;Username=shop;Password=shop");

    public static Uri RabbitMq { get; } = new(
        Environment.GetEnvironmentVariable("SHOP_TEST_RABBITMQ") is { Length: > 0 } rabbit ? rabbit : "amqp://shop:shop@127.0.0.1:15673/");

    public static Uri RabbitMqManagement { get; } = new(
        Environment.GetEnvironmentVariable("SHOP_TEST_RABBITMQ_MANAGEMENT") is { Length: > 0 } management ? management : "http://127.0.0.1:15674");

    /// <summary>The AMQP URI of <paramref name="virtualHost"/>, optionally through another port (a proxy).</summary>
    public static string RabbitMqUri(string virtualHost, int? port = null)
    {
        var builder = new UriBuilder(RabbitMq) { Path = "/" + Uri.EscapeDataString(virtualHost) };
        if (port is { } otherPort)
        {
            builder.Port = otherPort;
        }
        return builder.Uri.AbsoluteUri;
    }

    private static string AdminConnectionString(string connectionString)
    {
        // CREATE and DROP DATABASE are rare: no pool, so no idle connection keeps a dropped database busy.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        if (string.IsNullOrEmpty(builder.Database))
        {
            builder.Database = "postgres";
        }
        return builder.ConnectionString;
    }
}
