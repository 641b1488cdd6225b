using Npgsql;

namespace Shop.Testing;

/// <summary>
/// Where the shared test servers are. <c>./shop test</c> sets the <c>SHOP_TEST_*</c> variables; an unset or empty
/// variable falls back to the ports of <c>deploy/local/servers.sh start postgres redis rabbitmq</c>.
/// </summary>
public static class TestServers
{
    /// <summary>The test role's PostgreSQL connection string (<c>SHOP_TEST_POSTGRES</c>), usually without a database.</summary>
    public static string Postgres { get; } = Setting("SHOP_TEST_POSTGRES", "Host=127.0.0.1;Port=15432;Username=shop;Password=shop");

    /// <summary>The StackExchange.Redis configuration of the test Redis (<c>SHOP_TEST_REDIS</c>).</summary>
    public static string Redis { get; } = Setting("SHOP_TEST_REDIS", "127.0.0.1:16379");

    /// <summary>The AMQP URI of the test broker's default virtual host, with the user (<c>SHOP_TEST_RABBITMQ</c>).</summary>
    public static Uri RabbitMq { get; } = new(Setting("SHOP_TEST_RABBITMQ", "amqp://shop:shop@127.0.0.1:15673/"));

    /// <summary>The test broker's management API (<c>SHOP_TEST_RABBITMQ_MANAGEMENT</c>).</summary>
    public static Uri RabbitMqManagement { get; } = new(Setting("SHOP_TEST_RABBITMQ_MANAGEMENT", "http://127.0.0.1:15674"));

    /// <summary>
    /// For creating and dropping databases: the maintenance database (<c>postgres</c>) unless the variable names another
    /// one, and unpooled, so that no idle connection of ours keeps a database we drop busy.
    /// </summary>
    public static string PostgresMaintenance { get; } = MaintenanceConnectionString(Postgres);

    /// <summary>The pooled connection string of <paramref name="database"/> on the test server.</summary>
    public static string PostgresDatabase(string database) =>
        new NpgsqlConnectionStringBuilder(Postgres) { Database = database }.ConnectionString;

    private static string MaintenanceConnectionString(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        if (string.IsNullOrEmpty(builder.Database))
        {
            builder.Database = "postgres";
        }
        return builder.ConnectionString;
    }

    private static string Setting(string variable, string fallback) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : fallback;
}
