namespace Shop.Cart.Tests.Infrastructure;

/// <summary>
/// Where the shared test servers are: <c>./shop test</c> sets these variables; the defaults match
/// <c>deploy/local/servers.sh start redis rabbitmq</c>.
/// </summary>
internal static class TestServers
{
    public static string Redis { get; } =
        Environment.GetEnvironmentVariable("SHOP_TEST_REDIS") is { Length: > 0 } redis ? redis : "127.0.0.1:16379";

    public static Uri RabbitMq { get; } = new(
        Environment.GetEnvironmentVariable("SHOP_TEST_RABBITMQ") is { Length: > 0 } rabbit ? rabbit : "amqp://shop:shop@127.0.0.1:15673/");

    public static Uri RabbitMqManagement { get; } = new(
        Environment.GetEnvironmentVariable("SHOP_TEST_RABBITMQ_MANAGEMENT") is { Length: > 0 } management ? management : "http://127.0.0.1:15674");

    /// <summary>The AMQP URI of <paramref name="virtualHost"/> on the test broker.</summary>
    public static string RabbitMqUri(string virtualHost) =>
        new UriBuilder(RabbitMq) { Path = "/" + Uri.EscapeDataString(virtualHost) }.Uri.AbsoluteUri;
}
