using System.Globalization;
using Shop.Topology.Hosts;

namespace Shop.Topology.Planning;

/// <summary>
/// Turns a <see cref="DeploymentRequest"/> into the processes and settings of a deployment on this machine, the one way
/// <c>./shop</c>, the benches and the end-to-end tests configure Shop's hosts.
/// </summary>
public static class DeploymentPlanner
{
    /// <exception cref="TopologyException">A replica count or CPU limit out of range, a host the shape does not run, a missing server.</exception>
    public static DeploymentPlan Plan(DeploymentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        var commands = new List<HostCommandPlan>();
        var replicas = new List<PlannedProcess>();
        foreach (var host in request.Shape.Services)
        {
            var count = request.ReplicasOf(host);
            if (count == 0)
            {
                continue;
            }
            var environment = HostEnvironment(host, request);
            commands.Add(new HostCommandPlan(host, environment));
            for (var replica = 1; replica <= count; replica++)
            {
                var name = $"{host.Name}-{replica}";
                var endpoints = request.Network.Replica(host, replica, name);
                replicas.Add(new PlannedProcess(name, host, replica, endpoints.Port, endpoints.UpstreamPort, [.. environment, .. endpoints.Listeners])
                {
                    GatewayDestination = endpoints.GatewayDestination,
                    CpuLimit = request.CpuLimitOf(host),
                });
            }
        }
        return new DeploymentPlan(request.Shape, commands, replicas, PlanGateway(request, replicas));
    }

    /// <summary>The environment of a gateway with the production settings of this machine and the given destinations.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> GatewayEnvironment(
        ShopSecrets secrets, GatewayEndpoints endpoints, IEnumerable<KeyValuePair<string, string>> destinations, bool rateLimit,
        IReadOnlyDictionary<string, string>? extraSettings = null)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(endpoints);
        var environment = new List<KeyValuePair<string, string>>
        {
            new(SettingKeys.InlineSocketCompletions, "1"),
            new(SettingKeys.SigningKey, secrets.SigningKey),
            new(SettingKeys.AdminKey, secrets.AdminKey),
            new(SettingKeys.ServiceName, ShopTopology.Gateway.Name),
        };
        environment.AddRange(endpoints.Settings);
        if (!rateLimit)
        {
            environment.Add(new(SettingKeys.RateLimitEnabled, "false"));
        }
        environment.AddRange(destinations);
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string>())
        {
            environment.RemoveAll(setting => setting.Key == key);
            environment.Add(new(key, value));
        }
        return environment;
    }

    /// <summary>The same for a gateway on a loopback port of this machine, speaking HTTP/2 to its destinations.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> GatewayEnvironment(
        ShopSecrets secrets, int port, IEnumerable<KeyValuePair<string, string>> destinations, bool rateLimit,
        IReadOnlyDictionary<string, string>? extraSettings = null) =>
        GatewayEnvironment(secrets, new FixedPorts(gatewayPort: port).Gateway(), destinations, rateLimit, extraSettings);

    private static PlannedProcess PlanGateway(DeploymentRequest request, List<PlannedProcess> replicas)
    {
        var destinations = ShopTopology.GatewayClusters.SelectMany(cluster => replicas
            .Where(replica => replica.Host == request.Shape.ServiceFor(cluster))
            .Select(replica => new KeyValuePair<string, string>(SettingKeys.Destination(cluster, replica.Name), replica.GatewayDestination!)));
        var endpoints = request.Network.Gateway();
        return new PlannedProcess(ShopTopology.Gateway.Name, ShopTopology.Gateway, 1, endpoints.Port, null,
            GatewayEnvironment(request.Secrets, endpoints, destinations, request.GatewayRateLimit, request.GatewaySettings))
        {
            CpuLimit = request.CpuLimitOf(ShopTopology.Gateway),
        };
    }

    private static List<KeyValuePair<string, string>> HostEnvironment(HostDefinition host, DeploymentRequest request)
    {
        var servers = request.Servers;
        var environment = new List<KeyValuePair<string, string>>
        {
            new(SettingKeys.SigningKey, request.Secrets.SigningKey),
            new(SettingKeys.ServiceName, host.Name),
        };
        foreach (var (connection, database) in host.Databases)
        {
            environment.Add(new(SettingKeys.ConnectionString(connection), servers.Postgres.ConnectionString(database)));
        }
        if (host.Needs(ServerKind.Redis))
        {
            environment.Add(new(SettingKeys.ConnectionString(ConnectionNames.Redis), servers.Redis));
        }
        if (host.Needs(ServerKind.RabbitMq))
        {
            environment.Add(new(SettingKeys.ConnectionString(ConnectionNames.RabbitMq), servers.RabbitMq!));
        }
        if (host.Reads(SettingKeys.PaymentFailureRate) && request.Payment.FailureRate is { } failureRate)
        {
            environment.Add(new(SettingKeys.PaymentFailureRate, failureRate.ToString(CultureInfo.InvariantCulture)));
        }
        if (host.Reads(SettingKeys.PaymentLatency) && request.Payment.Latency is { } latency)
        {
            environment.Add(new(SettingKeys.PaymentLatency, latency));
        }
        if (host.Reads(SettingKeys.ReportingFaultsEnabled) && request.ReportingFaults)
        {
            environment.Add(new(SettingKeys.ReportingFaultsEnabled, "true"));
            environment.Add(new(SettingKeys.HostEnvironment, ShopTopology.FaultExperimentEnvironment));
        }
        return environment;
    }

    private static void Validate(DeploymentRequest request)
    {
        foreach (var (name, count) in request.Replicas)
        {
            var host = ShopTopology.Host(name);
            if (!request.Shape.Contains(host))
            {
                throw new TopologyException(
                    $"{name} is not part of the {request.Shape} shape (its services: {string.Join(", ", request.Shape.Services)})");
            }
            if (count is < 0 or > ShopTopology.MaxReplicas)
            {
                throw new TopologyException($"replicas of {name} must be between 1 and {ShopTopology.MaxReplicas}, got {count}");
            }
        }
        foreach (var (name, limit) in request.CpuLimits)
        {
            var host = ShopTopology.Host(name);
            if (host != ShopTopology.Gateway && !request.Shape.Contains(host))
            {
                throw new TopologyException(
                    $"{name} is not part of the {request.Shape} shape, so it cannot have a CPU limit (limits go to: {string.Join(", ", request.Shape.Services)}, gateway)");
            }
            limit.RequireFor(name, request.AvailableCores);
        }
        if (request.Servers.RabbitMq is null && request.Shape.Servers.Contains(ServerKind.RabbitMq))
        {
            throw new TopologyException($"the {request.Shape} shape needs RabbitMQ, and no broker address was given");
        }
    }
}
