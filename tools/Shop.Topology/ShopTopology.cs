using Shop.Topology.Hosts;

namespace Shop.Topology;

/// <summary>
/// Every Shop host as it runs anywhere: the four services, the monolith and the gateway. <c>./shop</c>, the benches and
/// the end-to-end tests derive their processes from it (<see cref="Planning.DeploymentPlanner"/>); docker-compose.yml and
/// the Helm chart restate it declaratively and tests/Shop.Deployment.Tests holds them to it.
/// </summary>
public static class ShopTopology
{
    /// <summary>A replica's HTTP/2 listener for the gateway is its HTTP/1.1 port plus this.</summary>
    public const int UpstreamPortOffset = 50;

    /// <summary>Replicas are numbered 1 to this, so every port stays inside its host's block of 50.</summary>
    public const int MaxReplicas = 9;

    public const int DefaultGatewayPort = 8080;

    /// <summary>
    /// The environment of the hosts that get the reporting fault switch: besides Development and Test, the only one in
    /// which the reporting module accepts it, so that everything else about the host stays as in Production.
    /// </summary>
    public const string FaultExperimentEnvironment = "Bench";

    /// <summary>The gateway's routes, one cluster per module; a shape decides which host answers each.</summary>
    public static IReadOnlyList<string> GatewayClusters { get; } = ["catalog", "cart", "order", "reporting"];

    private static readonly Setting[] s_everyHost =
    [
        Setting.Allow(SettingKeys.ServiceName, "the service label on metrics and logs (default: the host's name)"),
        Setting.Allow(SettingKeys.MaxRequestBodyBytes, "request body limit, 413 above it (default 65536)"),
        Setting.Allow(SettingKeys.Urls, "the listener, when the host has only one"),
        Setting.Allow("Auth__Authority", "an OpenID Connect issuer whose signing keys replace the shared key"),
        Setting.Allow("Auth__Audience", "the audience tokens must carry (default shop)"),
        Setting.Allow("Auth__Issuer", "the issuer of the demo tokens (default shop-demo-issuer)"),
        Setting.Allow("Shop__ThreadPool__MinWorkerThreads", "the thread pool floor (services 32, gateway 0)"),
        Setting.Allow("Logging__LogLevel__{category}", "the log level of a category"),
    ];

    private static readonly Setting[] s_moduleHost =
    [
        // Without it (and without Auth__Authority) a service starts and rejects every token, the safe failure.
        Setting.Expect(SettingKeys.SigningKey, "base64 HMAC key (≥ 32 bytes) the tokens are signed with"),
        Setting.Allow(SettingKeys.HttpListener, "the HTTP/1.1 listener for clients, probes and Prometheus"),
        Setting.Allow(SettingKeys.UpstreamListener, "the HTTP/2-only listener the gateway forwards to"),
        Setting.Allow(SettingKeys.UpstreamListenerProtocols, "Http2 for the upstream listener"),
        Setting.Allow(SettingKeys.MessagingTransport, "RabbitMq (services) or InProcess (the monolith's default)"),
        Setting.Allow("Messaging__Outbox__{option}", "the outbox relay's batch size, polling and retention"),
    ];

    private static readonly Setting[] s_payment =
    [
        Setting.Allow(SettingKeys.PaymentLatency, "simulated payment latency (hh:mm:ss.fff)"),
        Setting.Allow(SettingKeys.PaymentFailureRate, "share of simulated payments declined (0–1)"),
    ];

    // Never in compose or the chart: the hosts run as Production there, where the module refuses the switch.
    private static readonly Setting[] s_reportingFaults =
    [
        Setting.Allow(SettingKeys.ReportingFaultsEnabled, "the CPU hog fault endpoints (default false; refused in Production)"),
        Setting.Allow(SettingKeys.HostEnvironment, $"the host environment (default Production; {FaultExperimentEnvironment} with the fault switch)"),
    ];

    private static Setting Postgres(string connection, string meaning) =>
        Setting.Require(SettingKeys.ConnectionString(connection), meaning);

    private static Setting Redis { get; } =
        Setting.Require(SettingKeys.ConnectionString(ConnectionNames.Redis), "StackExchange.Redis configuration (host:port[,options])");

    private static Setting RabbitMq { get; } =
        Setting.Require(SettingKeys.ConnectionString(ConnectionNames.RabbitMq), "amqp://user:password@host:port/vhost");

    public static HostDefinition Catalog { get; } = new(
        "catalog", "services/Catalog/Shop.Catalog.Host", 5100, ["catalog"], Migrates: true,
        [ServerKind.Postgres, ServerKind.Redis, ServerKind.RabbitMq],
        new Dictionary<string, ShopDatabase> { [ConnectionNames.Catalog] = ShopDatabase.Catalog },
        [
            .. s_everyHost, .. s_moduleHost,
            Postgres(ConnectionNames.Catalog, "the catalog's PostgreSQL database"), Redis, RabbitMq,
            Setting.Allow("Catalog__Cache__{option}", "the product cache's key prefix and time to live"),
        ],
        [HostDefinition.MigrateCommand]);

    public static HostDefinition Cart { get; } = new(
        "cart", "services/Cart/Shop.Cart.Host", 5200, ["cart"], Migrates: false,
        [ServerKind.Redis, ServerKind.RabbitMq],
        new Dictionary<string, ShopDatabase>(),
        [.. s_everyHost, .. s_moduleHost, Redis, RabbitMq, Setting.Allow("Cart__{option}", "the cart's limits and key prefix")],
        []);

    public static HostDefinition Order { get; } = new(
        "order", "services/Order/Shop.Order.Host", 5300, ["order"], Migrates: true,
        [ServerKind.Postgres, ServerKind.RabbitMq],
        new Dictionary<string, ShopDatabase> { [ConnectionNames.Order] = ShopDatabase.Order },
        [.. s_everyHost, .. s_moduleHost, .. s_payment, Postgres(ConnectionNames.Order, "the order database"), RabbitMq],
        [HostDefinition.MigrateCommand]);

    public static HostDefinition Reporting { get; } = new(
        "reporting", "services/Reporting/Shop.Reporting.Host", 5400, ["reporting"], Migrates: true,
        [ServerKind.Postgres, ServerKind.RabbitMq],
        new Dictionary<string, ShopDatabase>
        {
            [ConnectionNames.Reporting] = ShopDatabase.Reporting,
            [ConnectionNames.OrderSource] = ShopDatabase.Order,
        },
        [
            .. s_everyHost, .. s_moduleHost,
            Postgres(ConnectionNames.Reporting, "the read models' database"),
            // Only `rebuild` reads it; serving starts without it.
            Setting.Allow(SettingKeys.ConnectionString(ConnectionNames.OrderSource), "read-only connection to the order database, for rebuild"),
            RabbitMq,
            Setting.Allow("Reporting__Rollup__{option}", "when minute buckets are compacted into hours"),
            .. s_reportingFaults,
        ],
        [HostDefinition.MigrateCommand, "rollup", "rebuild"]);

    public static HostDefinition Monolith { get; } = new(
        "monolith", "services/Monolith/Shop.Monolith.Host", 5500, GatewayClusters, Migrates: true,
        // The modules talk in process through their outboxes: no broker.
        [ServerKind.Postgres, ServerKind.Redis],
        new Dictionary<string, ShopDatabase> { [ConnectionNames.Shop] = ShopDatabase.Monolith },
        [
            .. s_everyHost, .. s_moduleHost, .. s_payment,
            Postgres(ConnectionNames.Shop, "the one database, a schema per module"),
            Redis,
            // Each fills from ConnectionStrings__Shop unless set, so a module can be given a database of its own.
            Setting.Allow(SettingKeys.ConnectionString(ConnectionNames.Catalog), "the catalog module's own database instead of the shared one"),
            Setting.Allow(SettingKeys.ConnectionString(ConnectionNames.Order), "the order module's own database instead of the shared one"),
            Setting.Allow(SettingKeys.ConnectionString(ConnectionNames.Reporting), "the reporting module's own database instead of the shared one"),
            Setting.Allow(SettingKeys.ConnectionString(ConnectionNames.OrderSource), "where rebuild reads the orders, instead of the shared database"),
            Setting.Allow("Catalog__Cache__{option}", "the product cache's key prefix and time to live"),
            Setting.Allow("Cart__{option}", "the cart's limits and key prefix"),
            Setting.Allow("Reporting__Rollup__{option}", "when minute buckets are compacted into hours"),
            .. s_reportingFaults,
        ],
        [HostDefinition.MigrateCommand, "rollup", "rebuild"]);

    public static HostDefinition Gateway { get; } = new(
        "gateway", "gateway/Shop.Gateway", DefaultGatewayPort, [], Migrates: false,
        [],
        new Dictionary<string, ShopDatabase>(),
        [
            .. s_everyHost,
            // The demo issuer signs with it: the gateway refuses to start without it.
            Setting.Require(SettingKeys.SigningKey, "base64 HMAC key (≥ 32 bytes) the demo tokens are signed with"),
            Setting.Expect(SettingKeys.AdminKey, "the key that earns an admin token from the demo issuer (none without it)"),
            Setting.Expect(SettingKeys.DestinationPattern, "one replica of a cluster (every cluster needs at least one)"),
            Setting.Allow(SettingKeys.RateLimitEnabled, "per-client token bucket (default true)"),
            Setting.Allow("Gateway__RateLimit__PermitsPerSecond", "the bucket's rate (default 1000)"),
            Setting.Allow("Gateway__RateLimit__Burst", "the bucket's size (default 2000)"),
            Setting.Allow("Gateway__DemoIssuer__Enabled", "POST /api/auth/token (default true; off with a real identity provider)"),
            // Gateway__Upstream__HttpVersion among them: 1.1 (default) or 2, HTTP/2 over cleartext to every destination.
            Setting.Allow("Gateway__Upstream__{option}", "timeouts, retries, health checks and HTTP version towards the services"),
            Setting.Allow(SettingKeys.InlineSocketCompletions, "1: socket completions on the epoll thread"),
        ],
        []);

    /// <summary>The hosts that serve the modules (every host but the gateway).</summary>
    public static IReadOnlyList<HostDefinition> ServiceHosts { get; } = [Catalog, Cart, Order, Reporting, Monolith];

    public static IReadOnlyList<HostDefinition> Hosts { get; } = [.. ServiceHosts, Gateway];

    /// <summary>The host named <paramref name="name"/>.</summary>
    /// <exception cref="TopologyException">No host has that name.</exception>
    public static HostDefinition Host(string name) =>
        Hosts.FirstOrDefault(h => h.Name == name)
        ?? throw new TopologyException($"unknown service '{name}' (known: {string.Join(", ", ServiceHosts.Select(h => h.Name))})");
}
