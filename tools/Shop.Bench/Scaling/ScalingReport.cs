using Shop.Bench.Report;

namespace Shop.Bench.Scaling;

/// <summary>
/// scaling.json (and the report made from it): what <c>./shop bench scaling</c> measured. Every replica of a Shop host
/// runs under the same CPU limit, like a pod's; the gateway is not limited (it is the entry, like an ingress) and is
/// counted apart. CPU quotas are in cores, memory in MiB of resident set, rates in journeys per second.
/// </summary>
public sealed record ScalingReport
{
    public string Kind { get; init; } = "scaling-report";

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset EndedAt { get; init; }

    public ScalingConditions Conditions { get; init; } = new();

    public MachineInfo Machine { get; init; } = new();

    /// <summary>The scale-out curves: one point per deployment measured, in the order measured.</summary>
    public IReadOnlyList<ScalingPoint> Points { get; init; } = [];

    /// <summary>The noisy-neighbour and fault experiments, in the order run.</summary>
    public IReadOnlyList<IsolationExperiment> Isolation { get; init; } = [];

    /// <summary>Per shape, the smallest measured deployment that served each demand (the scenario's peak and more).</summary>
    public IReadOnlyList<CheapestDeployment> Cheapest { get; init; } = [];

    /// <summary>A few paragraphs saying what the figures mean, chosen by the figures.</summary>
    public IReadOnlyList<string> Reading { get; init; } = [];

    /// <summary>What makes a figure untrustworthy or conditional (a search that never failed, another Shop running, …).</summary>
    public IReadOnlyList<ValidityFlag> Validity { get; init; } = [];
}

/// <summary>How the bench was run: the limits, the criterion, the lengths, what else shared the machine.</summary>
public sealed record ScalingConditions
{
    /// <summary>CPU limit of every replica of a Shop host, in cores.</summary>
    public double ReplicaCpuLimit { get; init; }

    /// <summary>The most replicas of one host the curves go to.</summary>
    public int MaxReplicas { get; init; }

    /// <summary>The journey mixes of the capacity searches, in the order measured (<see cref="ScalingMixes"/>).</summary>
    public IReadOnlyList<string> Mixes { get; init; } = [];

    /// <summary>Checkout p99 at most, in milliseconds, for a capacity step to pass.</summary>
    public double CheckoutP99Ms { get; init; }

    /// <summary>The scenario's own peak rate (scale 1), the demand the cheapest deployments are sized for.</summary>
    public double ScenarioPeakRate { get; init; }

    /// <summary>Length of each capacity step, in seconds.</summary>
    public double StepSeconds { get; init; }

    /// <summary>The isolation experiments' load, as a share of the deployment's own capacity.</summary>
    public double IsolationLoadShare { get; init; }

    /// <summary>Length of each window (before, during, after) of an isolation experiment, in seconds.</summary>
    public double WindowSeconds { get; init; }

    /// <summary>--quick: short steps and windows, one fault; figures to check that it works, not to quote.</summary>
    public bool Quick { get; init; }

    /// <summary>The Shop of ./shop up was running and shared the cores.</summary>
    public bool OtherShopRunning { get; init; }

    public string GitCommit { get; init; } = "";
}

/// <summary>One deployment's capacity under the per-replica limit, with one journey mix.</summary>
/// <param name="Shape">microservices or monolith.</param>
/// <param name="Mix">The journey mix: <see cref="ScalingMixes.Browse"/> (Black Friday's) or <see cref="ScalingMixes.Checkout"/>.</param>
/// <param name="Replicas">Replicas per Shop host, e.g. catalog=2, cart=1, order=1, reporting=1.</param>
/// <param name="Capacity">Highest passing rate of the capacity search, journeys/s; 0 when none passed.</param>
/// <param name="CapacityIsLowerBound">The search passed every rate it tried: the capacity is at least this.</param>
/// <param name="CpuQuotaCores">Sum of the replicas' limits (the gateway's unlimited use is in <paramref name="GatewayCpuCores"/>).</param>
/// <param name="MemoryMiB">Resident memory of the Shop hosts (replicas and gateway) at the end of the search.</param>
/// <param name="GatewayCpuCores">The gateway's mean CPU use during the search, in cores.</param>
/// <param name="MachineBusyShare">Share of the machine's CPU time busy during the highest passing step (0–1).</param>
/// <param name="Throttling">Per replica: how often the kernel throttled it during the search.</param>
/// <param name="Bottleneck">The host whose replicas were throttled most (null when none was limited or throttled).</param>
/// <param name="MachineBound">The machine, not the limits, was the constraint (see <paramref name="MachineBoundReason"/>).</param>
/// <param name="MachineBoundReason">Why the point counts as machine-bound; empty otherwise.</param>
/// <param name="CheckoutP99Ms">Checkout p99 of the highest passing step, ms.</param>
/// <param name="SearchSeconds">How long the search took.</param>
public sealed record ScalingPoint(
    string Shape,
    string Mix,
    IReadOnlyDictionary<string, int> Replicas,
    double Capacity,
    bool CapacityIsLowerBound,
    double CpuQuotaCores,
    double MemoryMiB,
    double GatewayCpuCores,
    double MachineBusyShare,
    IReadOnlyList<ReplicaThrottling> Throttling,
    string? Bottleneck,
    bool MachineBound,
    string MachineBoundReason,
    double CheckoutP99Ms,
    double SearchSeconds)
{
    /// <summary>Journeys/s per core of quota; 0 without a quota.</summary>
    public double CapacityPerCore => CpuQuotaCores > 0 ? Capacity / CpuQuotaCores : 0;

    /// <summary>e.g. catalog=2,cart=1 — the hosts of the shape in topology order.</summary>
    public string ReplicasText => ReplicasTextOf(Replicas);

    /// <summary>Replicas per host as text, e.g. catalog=2,cart=1.</summary>
    public static string ReplicasTextOf(IReadOnlyDictionary<string, int> replicas) => string.Join(",", replicas.Select(r => $"{r.Key}={r.Value}"));

    /// <summary>The largest throttled share among the bottleneck's replicas; null without a bottleneck.</summary>
    public double? BottleneckThrottledShare =>
        Bottleneck is null ? null : Throttling.Where(t => t.Host == Bottleneck).Select(t => t.ThrottledShare).DefaultIfEmpty(0).Max();

    /// <summary>Replicas of every Shop host together (4 for the four services at one replica each).</summary>
    public int TotalReplicas => Replicas.Values.Sum();
}

/// <param name="Replica">catalog-1, monolith-2, …</param>
/// <param name="Host">catalog, monolith, …</param>
/// <param name="Periods">Enforcement periods during the search.</param>
/// <param name="ThrottledPeriods">Of those, the periods in which the replica used up its quota.</param>
/// <param name="CpuCores">Mean CPU use during the search, in cores.</param>
public sealed record ReplicaThrottling(string Replica, string Host, long Periods, long ThrottledPeriods, double CpuCores)
{
    public double ThrottledShare => Periods > 0 ? (double)ThrottledPeriods / Periods : 0;
}

/// <summary>One fault under a constant load, in one shape: the same load before, during and after it.</summary>
/// <param name="Shape">microservices or monolith.</param>
/// <param name="Fault">What was done; one of <see cref="IsolationFaults"/>.</param>
/// <param name="Description">What was done, in words, e.g. "reporting rebuild, run 3 times in a row".</param>
/// <param name="Replicas">The deployment the fault was made in.</param>
/// <param name="CpuQuotaCores">Sum of the replicas' limits.</param>
/// <param name="Capacity">The deployment's capacity, measured just before.</param>
/// <param name="Rate">The constant load, journeys/s.</param>
/// <param name="Windows">Before, during and after, in that order.</param>
public sealed record IsolationExperiment(
    string Shape,
    string Fault,
    string Description,
    IReadOnlyDictionary<string, int> Replicas,
    double CpuQuotaCores,
    double Capacity,
    double Rate,
    IReadOnlyList<IsolationWindow> Windows)
{
    public IsolationWindow? Window(string name) => Windows.FirstOrDefault(w => w.Name == name);

    /// <summary>e.g. catalog=2,cart=1 — the deployment the fault was made in.</summary>
    public string ReplicasText => ScalingPoint.ReplicasTextOf(Replicas);
}

/// <param name="Name">before, during or after (<see cref="IsolationWindowNames"/>).</param>
/// <param name="Seconds">Length of the window's load.</param>
/// <param name="Checkouts">Checkout requests sent.</param>
/// <param name="CheckoutErrors">Of those, the failed ones (timeouts and 5xx; a 409 stock-out is an answer, not an error).</param>
/// <param name="CheckoutP99Ms">Checkout p99, ms.</param>
/// <param name="BrowseP99Ms">p99 of the catalog reads (list, search, product), ms: the part that does not touch reporting.</param>
/// <param name="Requests">Requests of every step.</param>
/// <param name="Errors">Failed requests of every step.</param>
/// <param name="Dropped">Arrivals dropped because every slot waited on the shop.</param>
/// <param name="Valid">The generator kept its schedule in the window.</param>
public sealed record IsolationWindow(
    string Name,
    double Seconds,
    long Checkouts,
    long CheckoutErrors,
    double CheckoutP99Ms,
    double BrowseP99Ms,
    long Requests,
    long Errors,
    long Dropped,
    bool Valid)
{
    /// <summary>Answered checkouts ÷ checkouts (1 with none sent).</summary>
    public double CheckoutSuccess => Checkouts > 0 ? 1 - (double)CheckoutErrors / Checkouts : 1;
}

/// <summary>The windows of an isolation experiment, in the order they run.</summary>
public static class IsolationWindowNames
{
    public const string Before = "before";
    public const string During = "during";
    public const string After = "after";

    public static IReadOnlyList<string> All { get; } = [Before, During, After];
}

/// <summary>The faults the isolation experiments make.</summary>
public static class IsolationFaults
{
    /// <summary><c>reporting rebuild</c> (the read models rebuilt from the order history), again and again through the window.</summary>
    public const string ReportingRebuild = "reporting-rebuild";

    /// <summary>Reporting's fault switch: it spins every core it can get for the window.</summary>
    public const string ReportingCpuHog = "reporting-cpu-hog";

    /// <summary>One replica that serves the catalog (catalog-1, or monolith-1) killed with SIGKILL; restarted for "after".</summary>
    public const string CatalogReplicaKilled = "catalog-replica-killed";

    public static IReadOnlyList<string> All { get; } = [ReportingRebuild, ReportingCpuHog, CatalogReplicaKilled];
}

/// <summary>The journey mixes the curves are measured with: shipped scenarios of the load generator.</summary>
public static class ScalingMixes
{
    /// <summary>Black Friday's browse-heavy mix (70 % browse, 20 % add to cart, 10 % checkout).</summary>
    public const string Browse = "blackfriday";

    /// <summary>The checkout-heavy variant: the same catalog and buyers, most journeys check out.</summary>
    public const string Checkout = "checkout-heavy";
}

/// <summary>The smallest measured deployment of a shape that served a demand.</summary>
/// <param name="Shape">microservices or monolith.</param>
/// <param name="Mix">The journey mix of the demand.</param>
/// <param name="Demand">What it had to serve, e.g. "the scenario's peak (200 journeys/s)".</param>
/// <param name="Rate">The demand in journeys/s.</param>
/// <param name="Point">The cheapest point (by CPU quota, then memory) whose capacity reached the rate; null when none did.</param>
public sealed record CheapestDeployment(string Shape, string Mix, string Demand, double Rate, ScalingPoint? Point)
{
    /// <summary>
    /// A cheaper point of the shape passed every rate its search tried, all below <see cref="Rate"/>: it may have
    /// served the demand too, so <see cref="Point"/> is the cheapest proven, not necessarily the cheapest.
    /// </summary>
    public bool CheaperMayServe { get; init; }
}
