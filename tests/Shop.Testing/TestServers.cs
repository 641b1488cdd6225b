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
    /// Shop's own Docker engine (<c>SHOP_TEST_DOCKER_HOST</c>, a unix:// address), which deploy/local/test.sh starts, with the
    /// Shop images built, before the tests that run containers; without it those tests fail saying so.
    /// </summary>
    public static string DockerHost => Environment.GetEnvironmentVariable("SHOP_TEST_DOCKER_HOST") is { Length: > 0 } host
        ? host
        : throw new InvalidOperationException(
            "SHOP_TEST_DOCKER_HOST is not set: run the tests with ./shop test (deploy/local/test.sh starts the Docker engine and builds the images), " +
            "or start it with `bash deploy/local/servers.sh start docker` and `./shop images`, then export SHOP_TEST_DOCKER_HOST=unix://$PWD/.shop/docker/docker.sock.");

    /// <summary>The engine's own command-line client (<c>SHOP_TEST_DOCKER_CLI</c>, default docker.io's /usr/bin/docker).</summary>
    public static string DockerCli { get; } = Setting("SHOP_TEST_DOCKER_CLI", "/usr/bin/docker");

    /// <summary>The tag of the Shop images under test (<c>SHOP_TEST_IMAGE_TAG</c>, default dev, as ./shop images tags them).</summary>
    public static string ImageTag { get; } = Setting("SHOP_TEST_IMAGE_TAG", "dev");

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
