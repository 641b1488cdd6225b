using System.Globalization;
using Shop.Bench.BlackFriday;
using Shop.CommandLine;
using Shop.Topology;
using Shop.Topology.Hosts;
using Shop.Topology.Limits;

namespace Shop.Bench.Scaling;

/// <summary>How one scaling bench runs: the command line of <c>./shop bench scaling</c>.</summary>
/// <param name="ReplicaCpuLimit">CPU limit of every replica, in cores.</param>
/// <param name="MaxReplicas">Points per curve: replicas of the scaled host go from 1 to this.</param>
/// <param name="Shapes">The shapes measured, in this order.</param>
/// <param name="Mixes">The journey mixes of the curves (<see cref="ScalingMixes"/>).</param>
/// <param name="Isolation">Run the noisy-neighbour and fault experiments.</param>
/// <param name="Faults">Which faults the isolation experiments make (<see cref="IsolationFaults"/>).</param>
/// <param name="Quick">Short steps and windows: to see that it works (./shop test runs it), not for figures to quote.</param>
/// <param name="StepSeconds">Length of a capacity step.</param>
/// <param name="WindowSeconds">Length of each isolation window.</param>
/// <param name="StateFolder">The bench's own state folder, never the one of <c>./shop up</c>.</param>
/// <param name="Seed">The generator's seed.</param>
public sealed record ScalingSettings(
    double ReplicaCpuLimit,
    int MaxReplicas,
    IReadOnlyList<string> Shapes,
    IReadOnlyList<string> Mixes,
    bool Isolation,
    IReadOnlyList<string> Faults,
    bool Quick,
    double StepSeconds,
    double WindowSeconds,
    string StateFolder,
    long Seed)
{
    /// <summary>Checkout p99 at most for a capacity step to pass, as in the Black Friday bench.</summary>
    public const double CheckoutP99Ms = 1000;

    /// <summary>A capacity search that does not follow a point of its own curve starts at this share of the nearest capacity measured before (<see cref="FirstGuessRate"/> for the first).</summary>
    public const double StartBelowNearest = 0.7;

    /// <summary>The capacity the first search assumes, journeys/s: one replica at 0.25 core sustained 30–100 here.</summary>
    public const double FirstGuessRate = 10;

    /// <summary>
    /// The warm-up before every capacity search, seconds. Each point starts at least one process (a shape's first, a new
    /// replica), whose code runs unoptimized until the runtime has recompiled it, on the replica's own quarter core: with
    /// 8 s and a search that reached its higher steps within a minute, the monolith's first replica measured 13
    /// journeys/s, where a search whose slow ramp had warmed it for two minutes measured 30.
    /// </summary>
    public const double WarmUpSeconds = 15;

    /// <summary>The isolation experiments' constant load, as a share of the deployment's capacity.</summary>
    public const double IsolationLoadShare = 0.6;

    /// <summary>How long after its during window starts the catalog replica is killed: past the generator's setup, into the load.</summary>
    public static readonly TimeSpan KillAfter = TimeSpan.FromSeconds(5);

    /// <summary>A point counts as machine-bound when the machine was at least this busy during its capacity step (the highest passing one).</summary>
    public const double MachineBoundBusyShare = 0.9;

    public const string Usage = """
        Usage: ./shop bench scaling [--quick] [--limit 0.25] [--max-replicas 4] [--shape microservices|monolith|both]
                                    [--mix blackfriday|checkout-heavy|both] [--skip-isolation]

          --limit           CPU limit of every replica of a Shop host, in cores, like a pod's (default 0.25); the gateway
                            is not limited (it is the entry, like an ingress) and its CPU is reported apart
          --max-replicas    replicas per curve: microservices with the bottleneck host (the most throttled) given the next
                            replica, 1 -> 2 -> ..., against the monolith 1 -> 2 -> ... (default 4)
          --shape           which shape(s) to measure (default both)
          --mix             the journey mix of the curves: Black Friday's browse-heavy mix, the checkout-heavy variant,
                            or both (default both)
          --skip-isolation  no noisy-neighbour and fault experiments
          --quick           one point per shape (one replica of each host, the checkout-heavy mix), short steps, and the
                            CPU hog on that deployment: checks that the bench works end to end (./shop test runs it);
                            not figures to quote

        Environment: SHOP_BENCH_STATE (default .shop/bench), SHOP_BENCH_SEED (generator seed),
        SHOP_PAYMENT_LATENCY / SHOP_PAYMENT_FAILURE_RATE (as for ./shop up).
        """;

    public static CommandSyntax Syntax { get; } = new("scaling")
    {
        Values = ["limit", "max-replicas", "shape", "mix"],
        Flags = ["quick", "skip-isolation"],
    };

    /// <exception cref="UsageException">An option is malformed or out of range.</exception>
    public static ScalingSettings Parse(CommandArguments arguments, Func<string, string?> environment, string root, string developerState)
    {
        var quick = arguments.Flag("quick");
        var limitText = arguments.Value("limit") ?? "0.25";
        CpuLimit limit;
        try
        {
            limit = CpuLimit.Parse(limitText);
            limit.RequireFor("--limit", Environment.ProcessorCount);
        }
        catch (TopologyException exception)
        {
            throw new UsageException($"--limit takes cores such as 0.25 or 250m: {exception.Message}");
        }
        var maxReplicas = (int)arguments.Number("max-replicas", quick ? 1 : 4, 1, 8);
        var shapes = arguments.Value("shape") switch
        {
            null or "both" => new[] { ShopShape.Microservices.Name, ShopShape.Monolith.Name },
            var one when one == ShopShape.Microservices.Name || one == ShopShape.Monolith.Name => [one],
            var other => throw new UsageException($"--shape takes microservices, monolith or both, got '{other}'"),
        };
        var mixes = arguments.Value("mix") switch
        {
            null => quick ? new[] { ScalingMixes.Checkout } : [ScalingMixes.Browse, ScalingMixes.Checkout],
            "both" => [ScalingMixes.Browse, ScalingMixes.Checkout],
            ScalingMixes.Browse or ScalingMixes.Checkout => [arguments.Value("mix")!],
            var other => throw new UsageException($"--mix takes {ScalingMixes.Browse}, {ScalingMixes.Checkout} or both, got '{other}'"),
        };
        var state = Path.GetFullPath(environment(BlackFridaySettings.StateVariable) is { Length: > 0 } given ? given : Path.Combine(root, ".shop", "bench"));
        if (string.Equals(Path.TrimEndingDirectorySeparator(state), Path.TrimEndingDirectorySeparator(Path.GetFullPath(developerState)), StringComparison.Ordinal))
        {
            throw new UsageException($"{BlackFridaySettings.StateVariable} must not be the state folder of ./shop up ({developerState}): the bench wipes it");
        }
        var seedText = environment(BlackFridaySettings.SeedVariable) is { Length: > 0 } seedValue ? seedValue : BlackFridaySettings.DefaultSeed.ToString(CultureInfo.InvariantCulture);
        if (!long.TryParse(seedText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed))
        {
            throw new UsageException($"{BlackFridaySettings.SeedVariable} must be a whole number, got '{seedText}'");
        }
        return new ScalingSettings(
            limit.Cores,
            maxReplicas,
            shapes,
            mixes,
            !arguments.Flag("skip-isolation"),
            quick ? [IsolationFaults.ReportingCpuHog] : IsolationFaults.All,
            quick,
            quick ? 5 : 10,
            quick ? 6 : 12,
            state,
            seed);
    }
}
