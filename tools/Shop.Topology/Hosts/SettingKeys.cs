namespace Shop.Topology.Hosts;

/// <summary>
/// The configuration keys the hosts read, spelled as environment variables (<c>Section__Key</c>), as every launcher,
/// compose file and chart sets them.
/// </summary>
public static class SettingKeys
{
    public const string SigningKey = "Auth__SigningKey";
    public const string AdminKey = "Auth__AdminKey";
    public const string ServiceName = "Shop__ServiceName";
    public const string MaxRequestBodyBytes = "Shop__MaxRequestBodyBytes";
    public const string MessagingTransport = "Messaging__Transport";
    public const string PaymentLatency = "Order__Payment__Latency";
    public const string PaymentFailureRate = "Order__Payment__FailureRate";

    /// <summary>The reporting module's fault switch (the CPU hog endpoints); the module refuses it in Production.</summary>
    public const string ReportingFaultsEnabled = "Reporting__Faults__Enabled";

    /// <summary>The host environment (Production when unset); a fault experiment runs its hosts as <see cref="ShopTopology.FaultExperimentEnvironment"/>.</summary>
    public const string HostEnvironment = "ASPNETCORE_ENVIRONMENT";
    public const string RateLimitEnabled = "Gateway__RateLimit__Enabled";
    public const string UpstreamHttpVersion = "Gateway__Upstream__HttpVersion";

    /// <summary>The one listener of a process that needs no second one (the gateway), or of an image (<c>http://+:8080</c>).</summary>
    public const string Urls = "ASPNETCORE_URLS";

    /// <summary>A replica's HTTP/1.1 listener: clients, probes and Prometheus.</summary>
    public const string HttpListener = "Kestrel__Endpoints__Http__Url";

    /// <summary>A replica's HTTP/2-only listener, the one the gateway forwards to.</summary>
    public const string UpstreamListener = "Kestrel__Endpoints__Upstream__Url";

    public const string UpstreamListenerProtocols = "Kestrel__Endpoints__Upstream__Protocols";

    /// <summary>
    /// Socket completions on the epoll thread instead of the thread pool: the gateway only awaits I/O, and on one machine,
    /// where loopback system calls dominate, it proxied about 15 % more requests per second (README, Gateway benchmark).
    /// </summary>
    public const string InlineSocketCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>The gateway's address of one replica of a cluster; a pattern, one key per destination.</summary>
    public const string DestinationPattern = "ReverseProxy__Clusters__{cluster}__Destinations__{destination}__Address";

    public static string ConnectionString(string name) => "ConnectionStrings__" + name;

    public static string Destination(string cluster, string destination) =>
        DestinationPattern.Replace("{cluster}", cluster, StringComparison.Ordinal).Replace("{destination}", destination, StringComparison.Ordinal);
}

/// <summary>
/// The connection string names (<c>ConnectionStrings:&lt;name&gt;</c>) the modules and the monolith read; each equals a
/// module's own constant (<c>CatalogModule.DatabaseConnectionName</c>, …), which tests/Shop.Topology.Tests holds.
/// </summary>
public static class ConnectionNames
{
    public const string Catalog = "Catalog";
    public const string Order = "Order";
    public const string Reporting = "Reporting";

    /// <summary>Reporting's read-only view of the order database, used by its <c>rebuild</c> command only.</summary>
    public const string OrderSource = "OrderSource";

    public const string Redis = "Redis";
    public const string RabbitMq = "RabbitMq";

    /// <summary>The monolith's one database, which fills every module's connection string that is not set.</summary>
    public const string Shop = "Shop";
}
