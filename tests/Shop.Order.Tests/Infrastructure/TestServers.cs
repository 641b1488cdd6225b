using Npgsql;

namespace Shop.Order.Tests.Infrastructure;

/// <summary>Where the real servers are: <c>./shop test</c> sets these variables; the defaults match its ports.</summary>
internal static class TestServers
{
    public static string Postgres { get; } =
        Environment.GetEnvironmentVariable("SHOP_TEST_POSTGRES") is { Length: > 0 } postgres
            ? postgres
            : "Host=127.0.0.1;Port=15432;Username=shop;Password=shop";

    public static Uri RabbitMq { get; } = new(
        Environment.GetEnvironmentVariable("SHOP_TEST_RABBITMQ") is { Length: > 0 } rabbit ? rabbit : "amqp://shop:shop@127.0.0.1:15673/");

    public static Uri RabbitMqManagement { get; } = new(
        Environment.GetEnvironmentVariable("SHOP_TEST_RABBITMQ_MANAGEMENT") is { Length: > 0 } management ? management : "http://127.0.0.1:15674");

    public static string PostgresDatabase(string database) =>
        new NpgsqlConnectionStringBuilder(Postgres) { Database = database }.ConnectionString;

    /// <summary>The server's maintenance database, for dropping test databases; unpooled, so nothing keeps them busy.</summary>
    public static string PostgresMaintenance() =>
        new NpgsqlConnectionStringBuilder(Postgres) { Database = "postgres", Pooling = false }.ConnectionString;

    /// <summary>The AMQP URI of <paramref name="virtualHost"/> on the test broker.</summary>
    public static string RabbitMqUri(string virtualHost) =>
        new UriBuilder(RabbitMq) { Path = "/" + Uri.EscapeDataString(virtualHost) }.Uri.AbsoluteUri;
}
