using System.Collections.Concurrent;
using System.Globalization;
using Shop.Topology.Hosts;

namespace Shop.Topology.Planning;

/// <summary>
/// How a deployment's processes are reached: where each replica listens (as the settings that say so), what address
/// the gateway forwards to, and where the gateway listens. Processes on this machine listen on loopback ports
/// (<see cref="LoopbackPorts"/>); containers listen as their image says, on a network of their own
/// (<see cref="ContainerNetwork"/>).
/// </summary>
public interface INetworkLayout
{
    ReplicaEndpoints Replica(HostDefinition host, int replica, string processName);

    GatewayEndpoints Gateway();
}

/// <param name="Port">Where clients, probes and Prometheus reach the replica, from where its launcher stands.</param>
/// <param name="UpstreamPort">Its HTTP/2-only listener for the gateway, where it has one.</param>
/// <param name="GatewayDestination">The address the gateway forwards to.</param>
/// <param name="Listeners">The settings that make it listen there (none where the image's own listener is used).</param>
public sealed record ReplicaEndpoints(int Port, int? UpstreamPort, string GatewayDestination, IReadOnlyList<KeyValuePair<string, string>> Listeners);

/// <param name="Port">Where clients reach the gateway, from where its launcher stands.</param>
/// <param name="Settings">Its listener and how it speaks to the destinations.</param>
public sealed record GatewayEndpoints(int Port, IReadOnlyList<KeyValuePair<string, string>> Settings);

/// <summary>Which loopback ports a deployment's processes listen on.</summary>
public interface IPortAssignment
{
    /// <summary>The HTTP/1.1 listener of a replica: clients, probes, Prometheus.</summary>
    int HttpPort(HostDefinition host, int replica);

    /// <summary>The HTTP/2-only listener of a replica, which the gateway forwards to.</summary>
    int UpstreamPort(HostDefinition host, int replica);

    int GatewayPort { get; }
}

/// <summary>
/// Processes on this machine, as <c>./shop</c> runs them: every replica listens on loopback twice, HTTP/1.1 for clients,
/// probes and Prometheus and HTTP/2 only for the gateway, which multiplexes its requests over a few connections there
/// (README, Gateway benchmark).
/// </summary>
public abstract class LoopbackPorts : IPortAssignment, INetworkLayout
{
    public abstract int GatewayPort { get; }

    public abstract int HttpPort(HostDefinition host, int replica);

    public abstract int UpstreamPort(HostDefinition host, int replica);

    public ReplicaEndpoints Replica(HostDefinition host, int replica, string processName)
    {
        var port = HttpPort(host, replica);
        var upstream = UpstreamPort(host, replica);
        return new ReplicaEndpoints(port, upstream, Loopback(upstream) + "/",
        [
            new(SettingKeys.HttpListener, Loopback(port)),
            new(SettingKeys.UpstreamListener, Loopback(upstream)),
            new(SettingKeys.UpstreamListenerProtocols, "Http2"),
        ]);
    }

    public GatewayEndpoints Gateway() => new(GatewayPort,
    [
        // Every destination is an HTTP/2-only listener of one replica (see Gateway:Upstream:HttpVersion).
        new(SettingKeys.UpstreamHttpVersion, "2"),
        new(SettingKeys.Urls, Loopback(GatewayPort)),
    ]);

    internal static string Loopback(int port) => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
}

/// <summary>
/// The ports <c>./shop</c> uses: replica N of a host on its base port + N and, for the gateway, base + 50 + N; the gateway
/// on 8080. An offset moves every host's block at once (the bench's own Shop runs 10,000 higher).
/// </summary>
public sealed class FixedPorts(int offset = 0, int gatewayPort = ShopTopology.DefaultGatewayPort) : LoopbackPorts
{
    public override int GatewayPort { get; } = gatewayPort;

    public override int HttpPort(HostDefinition host, int replica) => host.BasePort + offset + replica;

    public override int UpstreamPort(HostDefinition host, int replica) => host.BasePort + offset + ShopTopology.UpstreamPortOffset + replica;
}

/// <summary>Ports handed out one at a time by <paramref name="next"/> (free ones, for tests), each remembered once given.</summary>
public sealed class AllocatedPorts(Func<int> next) : LoopbackPorts
{
    private readonly ConcurrentDictionary<(string Host, int Replica, bool Upstream), int> _ports = new();
    private readonly Lazy<int> _gateway = new(next);

    public override int GatewayPort => _gateway.Value;

    public override int HttpPort(HostDefinition host, int replica) => _ports.GetOrAdd((host.Name, replica, false), _ => next());

    public override int UpstreamPort(HostDefinition host, int replica) => _ports.GetOrAdd((host.Name, replica, true), _ => next());
}

/// <summary>
/// Containers on a network of their own, as the images define them: every container listens on the image's port 8080
/// (HTTP/1.1, <c>ASPNETCORE_URLS</c> of the image), is reached by its container name, and the gateway speaks HTTP/1.1 to
/// it. Ports here are inside the containers; the launcher publishes what the host needs.
/// </summary>
/// <param name="containerPrefix">Put before every process name to make its container name (and its host name on the network).</param>
public sealed class ContainerNetwork(string containerPrefix) : INetworkLayout
{
    /// <summary>The port every Shop image listens on (deploy/docker/Dockerfile).</summary>
    public const int ImagePort = 8080;

    public string ContainerName(string processName) => containerPrefix + processName;

    public ReplicaEndpoints Replica(HostDefinition host, int replica, string processName) =>
        new(ImagePort, null, string.Create(CultureInfo.InvariantCulture, $"http://{ContainerName(processName)}:{ImagePort}/"), []);

    public GatewayEndpoints Gateway() => new(ImagePort, []);
}
