using System.Globalization;
using System.Text.RegularExpressions;
using Shop.CommandLine;
using Shop.Topology;
using Shop.Topology.Hosts;
using Shop.Topology.Limits;

namespace Shop.Bench.BlackFriday;

/// <summary>How one Black Friday bench runs: the command line of <c>./shop bench blackfriday</c> and its SHOP_BENCH_* variables.</summary>
/// <param name="Shapes">The shapes to measure, in this order.</param>
/// <param name="Replicas">--replicas as given: name=count[,name=count], possibly for both shapes.</param>
/// <param name="Cpus">--cpus as given: host=cores[,host=cores], possibly for both shapes and the gateway.</param>
/// <param name="Scale">--scale as given; null when not given, and the bench scales the scenario to the capacity it measures (<see cref="ScenarioScaling"/>).</param>
/// <param name="Duration">--duration as given; empty for the scenario's own length.</param>
/// <param name="Scenario">The load generator's scenario: a shipped name or a file.</param>
/// <param name="SkipCapacity">No capacity search.</param>
/// <param name="StateFolder">The bench's own state folder, never the one of <c>./shop up</c>.</param>
/// <param name="Seed">The generator's seed, the same for both shapes.</param>
/// <param name="Settle">How long the invariants wait for pending orders.</param>
/// <param name="CapacityArguments">Extra options of the capacity search.</param>
public sealed partial record BlackFridaySettings(
    IReadOnlyList<string> Shapes,
    string Replicas,
    string Cpus,
    string? Scale,
    string Duration,
    string Scenario,
    bool SkipCapacity,
    string StateFolder,
    long Seed,
    TimeSpan Settle,
    IReadOnlyList<string> CapacityArguments)
{
    public const string StateVariable = "SHOP_BENCH_STATE";
    public const string SeedVariable = "SHOP_BENCH_SEED";
    public const string CapacityArgumentsVariable = "SHOP_BENCH_CAPACITY_ARGS";
    public const string SettleVariable = "SHOP_BENCH_SETTLE_SECONDS";
    public const long DefaultSeed = 20_261_127;
    public const double DefaultSettleSeconds = 120;

    public const string Usage = """
        Usage: ./shop bench blackfriday [--shape microservices|monolith|both] [--replicas catalog=2,...] [--cpus catalog=0.5,...]
                                        [--scale 1.0] [--duration 4m] [--scenario blackfriday|smoke|<file.json>] [--skip-capacity]

          --shape          which shape(s) to measure, in this order: microservices, then monolith (default: both)
          --replicas       passed to ./shop up for each shape (a service the shape does not run is left out)
          --cpus           CPU limits in cores per replica, like Kubernetes limits, passed to ./shop up for each shape
                           (a service the shape does not run is left out; gateway=… applies to both)
          --scale          multiplies every arrival rate of the scenario (default: its peak is 1.5 x the slower shape's
                           capacity, measured before either scenario runs; 1.0 with --skip-capacity)
          --duration       stretches or shrinks the scenario's phases to this length (default: the scenario's own)
          --scenario       the load test scenario (default blackfriday)
          --skip-capacity  no capacity search (saves about ten minutes per shape; the report then has no capacity ratio
                           and the scenario runs at --scale, or as written)

        Environment: SHOP_BENCH_STATE (default .shop/bench), SHOP_BENCH_SEED (generator seed, the same for both shapes),
        SHOP_BENCH_CAPACITY_ARGS (extra capacity-search options, e.g. "--step-seconds 10 --max-rate 400"),
        SHOP_BENCH_SETTLE_SECONDS (how long the invariants wait for pending orders, default 120),
        SHOP_PAYMENT_LATENCY / SHOP_PAYMENT_FAILURE_RATE (as for ./shop up).
        Ports used by the bench's own Shop: 15101-15509 (services), 15651-15659 (footprint), 15990 and 18090 (ceilings), 18080 (gateway),
        25432 (PostgreSQL), 26379 (Redis), 25672/25674/25692/26672 (RabbitMQ), 29090 (Prometheus).
        """;

    public static CommandSyntax Syntax { get; } = new("run")
    {
        Values = ["shape", "replicas", "cpus", "scale", "duration", "scenario"],
        Flags = ["skip-capacity"],
    };

    /// <summary>The scenario's name as bench.json records it: a file's name without folder and .json.</summary>
    public string ScenarioName
    {
        get
        {
            var name = Path.GetFileName(Scenario);
            return name.EndsWith(".json", StringComparison.Ordinal) && name.Length > ".json".Length ? name[..^".json".Length] : name;
        }
    }

    /// <param name="arguments">The command line after <c>run</c>.</param>
    /// <param name="environment">Reads an environment variable (null when unset).</param>
    /// <param name="root">The repository, where the default state folder is.</param>
    /// <param name="developerState">The state folder of <c>./shop up</c>, which the bench must not use.</param>
    /// <exception cref="UsageException">An option or variable out of what the bench accepts.</exception>
    public static BlackFridaySettings Parse(CommandArguments arguments, Func<string, string?> environment, string root, string developerState)
    {
        IReadOnlyList<string> shapes = (arguments.Value("shape") ?? "both") switch
        {
            "both" => [ShopShape.Microservices.Name, ShopShape.Monolith.Name],
            var one when one == ShopShape.Microservices.Name || one == ShopShape.Monolith.Name => [one],
            _ => throw new UsageException("--shape takes microservices, monolith or both"),
        };
        // These go into bench.json as they are, so only plain tokens are accepted.
        var replicas = arguments.Value("replicas") ?? "";
        if (!ReplicasPattern().IsMatch(replicas))
        {
            throw new UsageException($"--replicas takes name=count[,name=count], got '{replicas}'");
        }
        var cpus = arguments.Value("cpus") ?? "";
        if (!CpusPattern().IsMatch(cpus))
        {
            throw new UsageException($"--cpus takes host=cores[,host=cores], got '{cpus}'");
        }
        try
        {
            foreach (var (host, limit) in CpuLimitSpecs.Parse([cpus], "--cpus"))
            {
                ShopTopology.Host(host);
                limit?.RequireFor(host, Environment.ProcessorCount);
            }
        }
        catch (TopologyException exception)
        {
            throw new UsageException(exception.Message);
        }
        var scale = arguments.Value("scale");
        if (scale is not null && !ScalePattern().IsMatch(scale))
        {
            throw new UsageException($"--scale must be a number, got '{scale}'");
        }
        var scenario = arguments.Value("scenario") ?? "blackfriday";
        if (!ScenarioPattern().IsMatch(scenario))
        {
            throw new UsageException($"--scenario takes a scenario name or a path without spaces or quotes, got '{scenario}'");
        }
        var duration = arguments.Value("duration") ?? "";
        if (!DurationPattern().IsMatch(duration))
        {
            throw new UsageException($"--duration takes seconds, 4m or hh:mm:ss, got '{duration}'");
        }

        var state = Path.GetFullPath(environment(StateVariable) is { Length: > 0 } given ? given : Path.Combine(root, ".shop", "bench"));
        if (SameFolder(state, developerState))
        {
            throw new UsageException($"{StateVariable} must not be the state folder of ./shop up ({developerState}): the bench wipes it");
        }
        var seedText = environment(SeedVariable) is { Length: > 0 } seedValue ? seedValue : DefaultSeed.ToString(CultureInfo.InvariantCulture);
        if (!long.TryParse(seedText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed))
        {
            throw new UsageException($"{SeedVariable} must be a whole number, got '{seedText}'");
        }
        var settleText = environment(SettleVariable) is { Length: > 0 } settleValue ? settleValue : null;
        var settle = DefaultSettleSeconds;
        if (settleText is not null && (!double.TryParse(settleText, NumberStyles.Float, CultureInfo.InvariantCulture, out settle) || !double.IsFinite(settle) || settle < 0))
        {
            throw new UsageException($"{SettleVariable} must be a number of seconds, got '{settleText}'");
        }
        var capacityArguments = (environment(CapacityArgumentsVariable) ?? "").Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
        return new BlackFridaySettings(shapes, replicas, cpus, scale, duration, scenario, arguments.Flag("skip-capacity"), state, seed,
            TimeSpan.FromSeconds(settle), capacityArguments);
    }

    /// <summary>The --replicas entries that belong to a shape: monolith=N for the monolith, the services' for microservices.</summary>
    public string ReplicasFor(string shape) =>
        string.Join(',', Replicas.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Where(spec => spec.StartsWith(ShopTopology.Monolith.Name + "=", StringComparison.Ordinal) == (shape == ShopShape.Monolith.Name)));

    /// <summary>The --cpus entries that apply to a shape: its own hosts', and the gateway's in both.</summary>
    public string CpusFor(string shape) =>
        string.Join(',', Cpus.Split(',', StringSplitOptions.RemoveEmptyEntries).Where(spec =>
        {
            var host = spec[..spec.IndexOf('=', StringComparison.Ordinal)];
            return host == ShopTopology.Gateway.Name || ShopShape.Named(shape).Contains(ShopTopology.Host(host));
        }));

    private static bool SameFolder(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)), StringComparison.Ordinal);

    [GeneratedRegex("^([a-z]+=[0-9]+(,[a-z]+=[0-9]+)*)?$")]
    private static partial Regex ReplicasPattern();

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+)?$")]
    private static partial Regex ScalePattern();

    [GeneratedRegex(@"^([a-z]+=([0-9]+(\.[0-9]+)?m?|none)(,[a-z]+=([0-9]+(\.[0-9]+)?m?|none))*)?$")]
    private static partial Regex CpusPattern();

    [GeneratedRegex("^[A-Za-z0-9._/-]+$")]
    private static partial Regex ScenarioPattern();

    [GeneratedRegex("^[0-9A-Za-z:.]*$")]
    private static partial Regex DurationPattern();
}
