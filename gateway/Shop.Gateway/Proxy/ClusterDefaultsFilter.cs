using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;

namespace Shop.Gateway.Proxy;

/// <summary>
/// Fills in what every cluster should have (load balancing, which replicas count as available, active and passive
/// health checks, the upstream timeout and HTTP version)
/// from <see cref="UpstreamOptions"/>, so a cluster in configuration needs nothing but its destinations.
/// A value set on the cluster itself in the <c>ReverseProxy</c> section wins.
/// Runs again whenever the <c>ReverseProxy</c> section is reloaded.
/// </summary>
internal sealed class ClusterDefaultsFilter(GatewayOptions options) : IProxyConfigFilter
{
    private readonly UpstreamOptions _upstream = options.Upstream;
    private readonly Version _httpVersion =
        options.Upstream.HttpVersion == "2" ? System.Net.HttpVersion.Version20 : System.Net.HttpVersion.Version11;

    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel)
    {
        var health = cluster.HealthCheck ?? new HealthCheckConfig();
        var active = health.Active ?? new ActiveHealthCheckConfig();
        var passive = health.Passive ?? new PassiveHealthCheckConfig();
        var request = cluster.HttpRequest ?? ForwarderRequestConfig.Empty;

        return ValueTask.FromResult(cluster with
        {
            LoadBalancingPolicy = cluster.LoadBalancingPolicy ?? _upstream.LoadBalancingPolicy,
            HealthCheck = health with
            {
                AvailableDestinationsPolicy = health.AvailableDestinationsPolicy ?? _upstream.AvailableDestinationsPolicy,
                // Probes find a replica that is down or not ready even when it gets no traffic.
                Active = active with
                {
                    Enabled = active.Enabled ?? true,
                    Interval = active.Interval ?? _upstream.HealthCheckInterval,
                    Timeout = active.Timeout ?? _upstream.HealthCheckTimeout,
                    Policy = active.Policy ?? HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
                    Path = active.Path ?? _upstream.HealthCheckPath,
                },
                // Real traffic finds a failing replica between two probes.
                Passive = passive with
                {
                    Enabled = passive.Enabled ?? true,
                    Policy = passive.Policy ?? HealthCheckConstants.PassivePolicy.TransportFailureRate,
                    ReactivationPeriod = passive.ReactivationPeriod ?? _upstream.PassiveReactivationPeriod,
                },
            },
            HttpRequest = request with
            {
                ActivityTimeout = request.ActivityTimeout ?? _upstream.ActivityTimeout,
                Version = request.Version ?? _httpVersion,
                // Without TLS there is no negotiation: HTTP/2 must be asked for exactly, or the client falls back to 1.1.
                VersionPolicy = request.VersionPolicy ?? HttpVersionPolicy.RequestVersionExact,
            },
        });
    }

    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel) =>
        ValueTask.FromResult(route);
}
