using System.Globalization;
using Shop.Bench.Invariants;
using Shop.Bench.Local;
using Shop.Topology.Hosts;
using Shop.Topology.Planning;

namespace Shop.Bench.BlackFriday;

/// <summary>
/// The Shop the Black Friday bench runs for itself, under its own state folder and ports, so the Shop of
/// <c>./shop up</c> is never stopped or wiped; it only shares the cores with it (the report says so). Every
/// <c>./shop</c> the bench runs gets <see cref="ShopEnvironment"/>.
/// </summary>
/// <param name="Root">The repository (where <c>./shop</c> is).</param>
/// <param name="State">The bench's state folder.</param>
public sealed record BenchShop(string Root, ShopStateFolder State)
{
    public const int PostgresPort = 25432;
    public const int RedisPort = 26379;
    public const int PrometheusPort = 29090;
    public const int GatewayPort = 18080;
    public const int AmqpPort = 25672;
    public const int RabbitManagementPort = 25674;
    public const int RabbitMetricsPort = 25692;

    /// <summary>The node's distribution port stays out of 35672-35682, where RabbitMQ's command-line tools (rabbitmqctl wait) start their own node and would take it first.</summary>
    public const int RabbitDistributionPort = 26672;

    public const string RabbitNodeName = "shopbench";

    /// <summary>Every service's block of ports 10,000 higher than <c>./shop up</c>'s: 15101-15509.</summary>
    public const int ServicePortOffset = 10_000;

    /// <summary>./shop footprint's first port (its processes take the next nine).</summary>
    public const int FootprintBasePort = 15650;

    /// <summary>The plain Kestrel endpoint of the ceilings; its gateway listener is on the next port.</summary>
    public const int PlainPort = 15990;

    /// <summary>The gateway of the ceilings, with a route to the plain endpoint.</summary>
    public const int CeilingGatewayPort = 18090;

    // The local servers' development credentials (deploy/local/common.sh, servers.sh): loopback only.
    private const string User = "shop";
    private const string Password = "shop";

    /// <summary>The bench's settings for every <c>./shop</c> it runs: its state folder, its ports and RabbitMQ node.</summary>
    public IReadOnlyDictionary<string, string> ShopEnvironment { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["SHOP_ROOT"] = Root,
        ["SHOP_STATE"] = State.Path,
        ["SHOP_PG_PORT"] = Number(PostgresPort),
        ["SHOP_REDIS_PORT"] = Number(RedisPort),
        ["SHOP_PROMETHEUS_PORT"] = Number(PrometheusPort),
        ["SHOP_GATEWAY_PORT"] = Number(GatewayPort),
        ["SHOP_AMQP_PORT"] = Number(AmqpPort),
        ["SHOP_RABBIT_MGMT_PORT"] = Number(RabbitManagementPort),
        ["SHOP_RABBIT_METRICS_PORT"] = Number(RabbitMetricsPort),
        ["SHOP_RABBIT_DIST_PORT"] = Number(RabbitDistributionPort),
        ["SHOP_RABBIT_NODENAME"] = RabbitNodeName,
        // Thousands of virtual buyers share one address here; the gateway's per-client limit would cap the capacity search.
        ["SHOP_GATEWAY_RATE_LIMIT"] = "false",
        ["SHOP_SERVICE_PORT_OFFSET"] = Number(ServicePortOffset),
        ["SHOP_FOOTPRINT_BASE_PORT"] = Number(FootprintBasePort),
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
    };

    /// <summary>The bench Shop's gateway, the load generator's target.</summary>
    public string Gateway { get; } = $"http://127.0.0.1:{Number(GatewayPort)}";

    public Uri Prometheus { get; } = new($"http://127.0.0.1:{Number(PrometheusPort)}");

    /// <summary>The broker's management API, credentials in the URL, for the error queue check.</summary>
    public Uri RabbitManagement { get; } = new($"http://{User}:{Password}@127.0.0.1:{Number(RabbitManagementPort)}");

    /// <summary>The databases of a shape on the bench's PostgreSQL: one per module, or the monolith's one for all three.</summary>
    public static ShopDatabases Databases(ShopShape shape)
    {
        var postgres = new PostgresServer("127.0.0.1", PostgresPort, User, Password);
        if (shape == ShopShape.Monolith)
        {
            var all = postgres.ConnectionString(ShopDatabase.Monolith);
            return new ShopDatabases(all, all, all);
        }
        return new ShopDatabases(
            postgres.ConnectionString(ShopDatabase.Catalog), postgres.ConnectionString(ShopDatabase.Order), postgres.ConnectionString(ShopDatabase.Reporting));
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
