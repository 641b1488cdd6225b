using System.Collections.Concurrent;
using Shop.Topology.Hosts;

namespace Shop.Topology.Planning;

/// <summary>Which ports a deployment's processes listen on.</summary>
public interface IPortAssignment
{
    /// <summary>The HTTP/1.1 listener of a replica: clients, probes, Prometheus.</summary>
    int HttpPort(HostDefinition host, int replica);

    /// <summary>The HTTP/2-only listener of a replica, which the gateway forwards to.</summary>
    int UpstreamPort(HostDefinition host, int replica);

    int GatewayPort { get; }
}

/// <summary>
/// The ports <c>./shop</c> uses: replica N of a host on its base port + N and, for the gateway, base + 50 + N; the gateway
/// on 8080. An offset moves every host's block at once (the bench's own Shop runs 10,000 higher).
/// </summary>
public sealed class FixedPorts(int offset = 0, int gatewayPort = ShopTopology.DefaultGatewayPort) : IPortAssignment
{
    public int GatewayPort { get; } = gatewayPort;

    public int HttpPort(HostDefinition host, int replica) => BasePort(host) + replica;

    public int UpstreamPort(HostDefinition host, int replica) => BasePort(host) + ShopTopology.UpstreamPortOffset + replica;

    private int BasePort(HostDefinition host) => host.BasePort + offset;
}

/// <summary>Ports handed out one at a time by <paramref name="next"/> (free ones, for tests), each remembered once given.</summary>
public sealed class AllocatedPorts(Func<int> next) : IPortAssignment
{
    private readonly ConcurrentDictionary<(string Host, int Replica, bool Upstream), int> _ports = new();
    private readonly Lazy<int> _gateway = new(next);

    public int GatewayPort => _gateway.Value;

    public int HttpPort(HostDefinition host, int replica) => _ports.GetOrAdd((host.Name, replica, false), _ => next());

    public int UpstreamPort(HostDefinition host, int replica) => _ports.GetOrAdd((host.Name, replica, true), _ => next());
}
