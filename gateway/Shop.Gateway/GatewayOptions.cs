using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;

namespace Shop.Gateway;

/// <summary>
/// Every tuning knob of the gateway, bound once at startup from the <c>Gateway</c> section. Routes and destinations
/// live in the <c>ReverseProxy</c> section; everything that should be the same for every cluster lives here, so adding
/// the cart, orders or reports cluster is a route and a destination in configuration and nothing else.
/// </summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    public DemoIssuerOptions DemoIssuer { get; set; } = new();

    public RateLimitOptions RateLimit { get; set; } = new();

    public UpstreamOptions Upstream { get; set; } = new();

    /// <summary>Reads and validates the section; a bad value stops the gateway at startup instead of at the first request.</summary>
    public static GatewayOptions Bind(IConfiguration configuration)
    {
        var options = configuration.GetSection(SectionName).Get<GatewayOptions>() ?? new GatewayOptions();
        var problems = options.Validate().ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"Invalid {SectionName} configuration: {string.Join(" ", problems)}");
        }
        return options;
    }

    private IEnumerable<string> Validate()
    {
        if (RateLimit.PermitsPerSecond < 1)
        {
            yield return "Gateway:RateLimit:PermitsPerSecond must be at least 1.";
        }
        if (RateLimit.Burst < 1)
        {
            yield return "Gateway:RateLimit:Burst must be at least 1.";
        }
        if (Upstream.MaxRetries is < 0 or > 5)
        {
            yield return "Gateway:Upstream:MaxRetries must be between 0 and 5.";
        }
        if (Upstream.FailureRateLimit is <= 0 or > 1)
        {
            yield return "Gateway:Upstream:FailureRateLimit must be in (0, 1].";
        }
        if (Upstream.FailureRateMinimalRequests < 1)
        {
            yield return "Gateway:Upstream:FailureRateMinimalRequests must be at least 1.";
        }
        if (!UpstreamOptions.SupportedHttpVersions.Contains(Upstream.HttpVersion))
        {
            yield return $"Gateway:Upstream:HttpVersion must be one of {string.Join(", ", UpstreamOptions.SupportedHttpVersions)}.";
        }
        if (Upstream.ConsecutiveFailures < 1)
        {
            yield return "Gateway:Upstream:ConsecutiveFailures must be at least 1.";
        }
        foreach (var (name, value) in Upstream.Durations())
        {
            if (value <= TimeSpan.Zero)
            {
                yield return $"Gateway:Upstream:{name} must be positive.";
            }
        }
    }
}

/// <summary>The token endpoint for demos and load tests (<c>POST /api/auth/token</c>).</summary>
public sealed class DemoIssuerOptions
{
    /// <summary>Turn off when the services trust a real OpenID Connect provider (<c>Auth:Authority</c>).</summary>
    public bool Enabled { get; set; } = true;
}

/// <summary>A token bucket per client: the JWT subject when a valid token is presented, otherwise the remote address.</summary>
public sealed class RateLimitOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Sustained rate per client. Generous, so a load generator running from one address is not throttled by default.</summary>
    public int PermitsPerSecond { get; set; } = 1000;

    /// <summary>Bucket size: how many requests a quiet client may send at once.</summary>
    public int Burst { get; set; } = 2000;
}

/// <summary>How the gateway talks to the services behind it; applied to every cluster that does not say otherwise.</summary>
public sealed class UpstreamOptions
{
    /// <summary>
    /// Power of two choices picks two random healthy replicas and sends the request to the one with fewer requests in
    /// flight. Unlike round robin it steers around a replica that is slow right now (a GC pause, a noisy neighbour on a
    /// shared core) without any shared state, and unlike least-requests it does not stampede the replica that just came back.
    /// </summary>
    public string LoadBalancingPolicy { get; set; } = LoadBalancingPolicies.PowerOfTwoChoices;

    /// <summary>
    /// Which replicas get traffic. HealthyAndUnknown leaves out the unhealthy ones and, when none is left, answers 503 at
    /// once. YARP's default (HealthyOrPanic) would then send traffic to all of them anyway; that hides a broken dependency
    /// behind slow 502s, while a replica that reports itself not ready is telling the truth.
    /// </summary>
    public string AvailableDestinationsPolicy { get; set; } = HealthCheckConstants.AvailableDestinations.HealthyAndUnknown;

    /// <summary>The HTTP versions a cluster can speak to its services: HTTP/1.1, or HTTP/2 over cleartext (prior knowledge).</summary>
    public static readonly IReadOnlyList<string> SupportedHttpVersions = ["1.1", "2"];

    /// <summary>
    /// "2" sends every request as HTTP/2 without TLS (h2c, prior knowledge) to a listener that speaks only HTTP/2, as
    /// <c>./shop</c> runs the services. Requests from many clients then share a few multiplexed connections, and under
    /// load one system call carries the frames of several requests instead of one request each: on the reference
    /// machine the services spent half the CPU per proxied request and the gateway a fifth less (README, Gateway
    /// benchmark). "1.1" (the default) suits a destination that is a load-balanced address such as a Kubernetes
    /// Service, where a few long-lived HTTP/2 connections would pin each gateway replica to a few pods.
    /// </summary>
    public string HttpVersion { get; set; } = "1.1";

    /// <summary>
    /// Whether the services are told the client's address, scheme and host in <c>X-Forwarded-For</c>, <c>-Proto</c> and
    /// <c>-Host</c>. Off by default because no Shop service reads them: the client's address matters where rate limiting
    /// and the access decisions about it happen, in the gateway. Writing them cost the gateway and the service behind it
    /// about 3 % of the requests they could serve (README, Gateway benchmark). Off still removes any <c>X-Forwarded-*</c>
    /// a client sent, so a service never sees an address the client made up. Turn on for a service that needs them.
    /// </summary>
    public bool ForwardedHeaders { get; set; }

    /// <summary>How long an upstream may stay silent (no response headers, no body bytes) before the client gets a 504.</summary>
    public TimeSpan ActivityTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>TCP connect timeout. Short, because a replica that does not accept a connection in time is as good as gone.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Idle upstream connections are kept this long, so steady traffic never pays for a new connection.</summary>
    public TimeSpan PooledConnectionIdleTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Extra attempts on another replica for GET and HEAD requests that failed before any response arrived.
    /// Bounded by the number of healthy replicas left.
    /// </summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>Probed on every destination by the active health check; the services answer 503 here when a dependency is down.</summary>
    public string HealthCheckPath { get; set; } = "/health/ready";

    public TimeSpan HealthCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Failed probes in a row before a destination is taken out of rotation.</summary>
    public int ConsecutiveFailures { get; set; } = 2;

    /// <summary>
    /// Sliding window of the passive check. It is also the shortest time a passively ejected replica stays out
    /// (YARP does not reactivate before the failure history has expired), so it is kept short.
    /// </summary>
    public TimeSpan FailureRateWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Requests a destination must have seen within the window before its failure rate is trusted.</summary>
    public int FailureRateMinimalRequests { get; set; } = 10;

    /// <summary>Share of transport failures within the window that takes a destination out of rotation.</summary>
    public double FailureRateLimit { get; set; } = 0.3;

    /// <summary>How long a passively ejected destination is left alone before it gets traffic again.</summary>
    public TimeSpan PassiveReactivationPeriod { get; set; } = TimeSpan.FromSeconds(15);

    internal IEnumerable<(string Name, TimeSpan Value)> Durations() =>
    [
        (nameof(ActivityTimeout), ActivityTimeout),
        (nameof(ConnectTimeout), ConnectTimeout),
        (nameof(PooledConnectionIdleTimeout), PooledConnectionIdleTimeout),
        (nameof(HealthCheckInterval), HealthCheckInterval),
        (nameof(HealthCheckTimeout), HealthCheckTimeout),
        (nameof(FailureRateWindow), FailureRateWindow),
        (nameof(PassiveReactivationPeriod), PassiveReactivationPeriod),
    ];
}
