using Npgsql;

namespace Shop.EndToEnd.Tests.Infrastructure;

/// <summary>The real servers ./shop test started; each deployment gets databases of its own on them.</summary>
public static class TestServers
{
    public static string Postgres { get; } =
        Environment.GetEnvironmentVariable("SHOP_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=15432;Username=shop;Password=shop";

    public static string Redis { get; } = Environment.GetEnvironmentVariable("SHOP_TEST_REDIS") ?? "127.0.0.1:16379";

    public static string RabbitMq { get; } = Environment.GetEnvironmentVariable("SHOP_TEST_RABBITMQ") ?? "amqp://shop:shop@127.0.0.1:15673/";

    public static string RabbitMqManagement { get; } =
        Environment.GetEnvironmentVariable("SHOP_TEST_RABBITMQ_MANAGEMENT") ?? "http://127.0.0.1:15674";

    public static string Database(string name) => new NpgsqlConnectionStringBuilder(Postgres) { Database = name }.ConnectionString;

    public static async Task DropDatabaseAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(Database("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
