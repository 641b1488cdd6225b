using Shop.Topology.Hosts;
using Shop.Topology.Limits;

namespace Shop.Topology.Planning;

/// <summary>What a launcher asks for: a shape, how many replicas of each of its hosts, and the servers, secrets and
/// network this deployment uses.</summary>
public sealed record DeploymentRequest(ShopShape Shape, ServerAddresses Servers, ShopSecrets Secrets, INetworkLayout Network)
{
    /// <summary>Replicas per host of the shape (0 leaves a host out); a host not named runs one.</summary>
    public IReadOnlyDictionary<string, int> Replicas { get; init; } = new Dictionary<string, int>();

    /// <summary>
    /// CPU limits per host of the shape or the gateway, like a Kubernetes pod's: every replica of the host gets the limit
    /// for itself. A host not named runs unlimited.
    /// </summary>
    public IReadOnlyDictionary<string, CpuLimit> CpuLimits { get; init; } = new Dictionary<string, CpuLimit>();

    /// <summary>The cores of the machine the deployment runs on: no limit may be above them.</summary>
    public int AvailableCores { get; init; } = Environment.ProcessorCount;

    public PaymentSettings Payment { get; init; } = new();

    /// <summary>
    /// Whether the hosts that run the reporting module get its fault switch (the CPU hog endpoints of the noisy-neighbour
    /// experiment), and with it the <see cref="ShopTopology.FaultExperimentEnvironment"/> environment the module allows
    /// it in. Off: the hosts run as Production, where the switch cannot be turned on.
    /// </summary>
    public bool ReportingFaults { get; init; }

    /// <summary>
    /// The gateway's per-client rate limit. A load test plays thousands of buyers from one address, and a benchmark is one
    /// client by design: the limit would then measure the limiter.
    /// </summary>
    public bool GatewayRateLimit { get; init; } = true;

    /// <summary>Settings added to (or replacing) the gateway's, such as a test's tighter limits or a benchmark's own route.</summary>
    public IReadOnlyDictionary<string, string> GatewaySettings { get; init; } = new Dictionary<string, string>();

    public int ReplicasOf(HostDefinition host) => Replicas.TryGetValue(host.Name, out var count) ? count : 1;

    public CpuLimit? CpuLimitOf(HostDefinition host) => CpuLimits.TryGetValue(host.Name, out var limit) ? limit : null;
}
