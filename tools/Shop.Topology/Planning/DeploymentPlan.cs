using Shop.Topology.Hosts;
using Shop.Topology.Limits;

namespace Shop.Topology.Planning;

/// <summary>One process of a deployment: a service replica or the gateway, with everything it is started with.</summary>
/// <param name="Name">catalog-1, monolith-2, gateway.</param>
/// <param name="Host">What it runs.</param>
/// <param name="Replica">1 to <see cref="ShopTopology.MaxReplicas"/>; 1 for the gateway.</param>
/// <param name="Port">Its HTTP/1.1 listener (health, metrics, clients).</param>
/// <param name="UpstreamPort">Its HTTP/2 listener for the gateway, where it has one; null for the gateway itself.</param>
/// <param name="Environment">Every setting it is started with, in a fixed order.</param>
public sealed record PlannedProcess(
    string Name,
    HostDefinition Host,
    int Replica,
    int Port,
    int? UpstreamPort,
    IReadOnlyList<KeyValuePair<string, string>> Environment)
{
    /// <summary>The address the gateway forwards to (null for the gateway itself).</summary>
    public string? GatewayDestination { get; init; }

    /// <summary>The CPU it may use, in a cgroup of its own (a Kubernetes CPU limit); null for none.</summary>
    public CpuLimit? CpuLimit { get; init; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public IReadOnlyDictionary<string, string> EnvironmentMap => Environment.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}

/// <summary>What a one-shot host command (migrate, rollup, rebuild) of a host runs with: the host's settings, no listener.</summary>
public sealed record HostCommandPlan(HostDefinition Host, IReadOnlyList<KeyValuePair<string, string>> Environment)
{
    public IReadOnlyDictionary<string, string> EnvironmentMap => Environment.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}

/// <summary>
/// A whole deployment of one shape: the commands of every host that runs, its replicas in start order, and the gateway,
/// which starts last (its first active health probe must find the replicas ready, or it answers 503 until the next).
/// </summary>
public sealed record DeploymentPlan(
    ShopShape Shape,
    IReadOnlyList<HostCommandPlan> Commands,
    IReadOnlyList<PlannedProcess> Replicas,
    PlannedProcess Gateway)
{
    /// <summary>The servers this deployment's hosts need.</summary>
    public IReadOnlyList<ServerKind> Servers => Shape.Servers;

    /// <summary>Every process, the gateway last.</summary>
    public IEnumerable<PlannedProcess> Processes => [.. Replicas, Gateway];

    /// <summary>The hosts whose <c>migrate</c> runs before their replicas start, in start order.</summary>
    public IEnumerable<HostCommandPlan> Migrations => Commands.Where(c => c.Host.Migrates);

    public HostCommandPlan Command(string host) =>
        Commands.FirstOrDefault(c => c.Host.Name == host)
        ?? throw new TopologyException($"'{host}' is not part of the {Shape} shape (its hosts: {string.Join(", ", Shape.Services)})");

    public PlannedProcess Process(string name) =>
        Processes.FirstOrDefault(p => p.Name == name) ?? throw new TopologyException($"the deployment has no process '{name}'");
}
