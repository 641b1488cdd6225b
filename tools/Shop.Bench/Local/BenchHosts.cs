using System.Globalization;
using System.Security.Cryptography;
using Shop.Topology.Hosts;
using Shop.Topology.Planning;

namespace Shop.Bench.Local;

/// <summary>
/// The processes a benchmark measures on its own: the plain Kestrel endpoint (tools/Shop.PlainKestrel), a gateway with a
/// bench route to it, and a catalog replica, each with an HTTP/2-only listener for the gateway next to its own.
/// </summary>
public static class BenchHosts
{
    public const string PlainProcess = "bench-plain";
    public const string GatewayProcess = "bench-gateway";
    public const string CatalogProcess = "bench-catalog";

    /// <summary>The path the plain endpoint answers, directly and through the bench gateway's route.</summary>
    public const string PlainPath = "/plain";

    /// <summary>Starts the plain endpoint on <paramref name="port"/>, its gateway listener on the next port.</summary>
    public static Task<RecordedHost> StartPlainAsync(ShopStateFolder state, string assembly, int port) =>
        RecordedHost.StartAsync(state, PlainProcess, assembly, [port, port + 1], Listeners(port));

    /// <summary>Starts a catalog replica with the settings the topology planned for it, on <paramref name="port"/> and the next.</summary>
    public static Task<RecordedHost> StartCatalogAsync(
        ShopStateFolder state, string assembly, int port, IEnumerable<KeyValuePair<string, string>> plannedEnvironment) =>
        RecordedHost.StartAsync(state, CatalogProcess, assembly, [port, port + 1], [.. plannedEnvironment, .. Listeners(port)]);

    /// <summary>
    /// Starts a gateway with the production settings (as the topology describes them), no rate limit (a benchmark is one
    /// client by design), a route from <see cref="PlainPath"/> to the plain endpoint's HTTP/2 listener and, when given,
    /// the catalog cluster on one replica's.
    /// </summary>
    public static Task<RecordedHost> StartGatewayAsync(
        ShopStateFolder state, string assembly, int port, ShopSecrets secrets, int plainUpstream, int? catalogUpstream = null)
    {
        var destinations = new List<KeyValuePair<string, string>> { new(SettingKeys.Destination("bench-plain", "plain-1"), Loopback(plainUpstream) + "/") };
        if (catalogUpstream is { } catalog)
        {
            destinations.Add(new(SettingKeys.Destination("catalog", "catalog-1"), Loopback(catalog) + "/"));
        }
        var route = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ReverseProxy__Routes__bench-plain__ClusterId"] = "bench-plain",
            ["ReverseProxy__Routes__bench-plain__Match__Path"] = PlainPath,
        };
        var environment = DeploymentPlanner.GatewayEnvironment(secrets, port, destinations, rateLimit: false, route);
        return RecordedHost.StartAsync(state, GatewayProcess, assembly, [port], environment);
    }

    /// <summary>Secrets for a gateway whose tokens nobody uses: a benchmark's requests carry none.</summary>
    public static ShopSecrets ThrowawaySecrets() =>
        new(Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)), Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));

    public static Uri Url(int port, string path) => new(Loopback(port) + path);

    // HTTP/1.1 for clients and probes on the port, HTTP/2 only for the gateway on the next one (the services' listeners).
    private static KeyValuePair<string, string>[] Listeners(int port) =>
    [
        new(SettingKeys.HttpListener, Loopback(port)),
        new(SettingKeys.UpstreamListener, Loopback(port + 1)),
        new(SettingKeys.UpstreamListenerProtocols, "Http2"),
    ];

    private static string Loopback(int port) => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
}
