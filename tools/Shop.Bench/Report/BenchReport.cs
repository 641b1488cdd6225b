using Shop.Bench.Invariants;
using Shop.Bench.Prometheus;
using Shop.Bench.Sampling;
using Shop.LoadTest.Reports;

namespace Shop.Bench.Report;

/// <summary>report.json: every raw figure of a bench, what was derived from them, and how to read them.</summary>
public sealed record BenchReport
{
    public string Kind { get; init; } = "blackfriday-report";

    public DateTimeOffset CreatedAt { get; init; }

    public BenchSettings Settings { get; init; } = new();

    public MachineInfo Machine { get; init; } = new();

    public Ceilings Ceilings { get; init; } = new();

    public Footprint? Footprint { get; init; }

    public IReadOnlyList<ShapeReport> Shapes { get; init; } = [];

    /// <summary>Microservices ÷ monolith; null unless both shapes ran.</summary>
    public Comparison? Comparison { get; init; }

    public IReadOnlyList<Goal> Goals { get; init; } = [];

    public IReadOnlyList<ValidityFlag> Validity { get; init; } = [];

    /// <summary>What the bench's figures amount to, in one line: invalid, valid with a shape overloaded, or valid.</summary>
    public Verdict Verdict { get; init; } = new(VerdictKind.Valid, "");

    /// <summary>A few paragraphs saying what the figures mean, chosen by the figures.</summary>
    public IReadOnlyList<string> Reading { get; init; } = [];

    public ShapeReport? Shape(string name) => Shapes.FirstOrDefault(s => s.Name == name);
}

/// <summary>bench.json: how the bench was asked to run (written by deploy/local/bench-shop.sh).</summary>
public sealed class BenchSettings
{
    public DateTimeOffset StartedAt { get; init; }

    public string Scenario { get; init; } = "blackfriday";

    public IReadOnlyList<string> Shapes { get; init; } = [];

    public double Scale { get; init; } = 1;

    /// <summary>As given to --duration; empty for the scenario's own length.</summary>
    public string Duration { get; init; } = "";

    public string Replicas { get; init; } = "";

    /// <summary>As given to --cpus: CPU limits per host in cores (empty: none; older reports have none).</summary>
    public string Cpus { get; init; } = "";

    public bool SkipCapacity { get; init; }

    public string GitCommit { get; init; } = "";

    /// <summary>Another Shop (the developer's ./shop up) was running beside the bench and shared the cores.</summary>
    public bool OtherShopRunning { get; init; }

    /// <summary>How the scale was chosen (from the capacity, given, or the scenario as written); null in older bench.json files.</summary>
    public ScaleChoice? ScaleChoice { get; init; }
}

/// <summary>
/// Where the scenario's scale came from. By default the bench measures both shapes' capacity first and scales the
/// scenario so that its peak is <see cref="PeakToCapacity"/> times the slower shape's: a spike that overloads for a
/// while and recovers, the same arrival schedule for both shapes.
/// </summary>
public sealed class ScaleChoice
{
    /// <summary>The factor every rate of the scenario was multiplied by.</summary>
    public double Scale { get; init; } = 1;

    /// <summary>Where it came from.</summary>
    public ScaleSource Source { get; init; }

    /// <summary>The scenario's own peak rate (scale 1), when known.</summary>
    public double? ScenarioPeakRate { get; init; }

    /// <summary>The peak rate as run: the scenario's peak times the scale.</summary>
    public double? PeakRate { get; init; }

    /// <summary>The capacity the scale was derived from, and whose it was (the slower shape).</summary>
    public double? CapacityRate { get; init; }

    public string? CapacityShape { get; init; }

    /// <summary>The multiple of that capacity asked for.</summary>
    public double? PeakToCapacity { get; init; }

    /// <summary>Why, in words: printed by the bench and shown in the report.</summary>
    public string Reason { get; init; } = "";
}

public enum ScaleSource
{
    /// <summary>The peak is a multiple of the slower shape's measured capacity.</summary>
    Capacity,

    /// <summary>--scale was given.</summary>
    Option,

    /// <summary>The scenario as written (scale 1): no capacity to scale it by.</summary>
    Scenario,
}

public sealed class MachineInfo
{
    public int Cores { get; init; }

    public string CpuModel { get; init; } = "";

    public double MemoryGiB { get; init; }

    public string Os { get; init; } = "";

    public string Kernel { get; init; } = "";

    public string Runtime { get; init; } = "";
}

/// <summary>What this machine can do at most: a trivial endpoint direct and through the gateway, and the generator's own limit.</summary>
public sealed class Ceilings
{
    public WrkResult? PlainDirect { get; init; }

    public WrkResult? PlainThroughGateway { get; init; }

    public MaxRateReport? Generator { get; init; }

    /// <summary>Generator ÷ wrk on the same endpoint in the same run (goal ≥ 0.5).</summary>
    public double? GeneratorToWrk { get; init; }

    /// <summary>Through the gateway ÷ direct: what one proxy hop costs at most on this machine.</summary>
    public double? GatewayToDirect { get; init; }
}

/// <summary>One wrk measurement as the bench script records it.</summary>
public sealed class WrkResult
{
    public string Case { get; init; } = "";

    public string Url { get; init; } = "";

    public double Rps { get; init; }

    /// <summary>As wrk prints it: "0.29ms", "512.00us", "1.02s".</summary>
    public string P50 { get; init; } = "";

    public string P99 { get; init; } = "";

    public int Connections { get; init; }

    public string Duration { get; init; } = "";

    public double? P50Ms => Durations.ParseWrk(P50);

    public double? P99Ms => Durations.ParseWrk(P99);
}

/// <summary>footprint.json (Shop.Bench footprint, which ./shop footprint starts): idle memory and start-to-ready time of each shape.</summary>
public sealed class Footprint
{
    public string Kind { get; init; } = "footprint";

    /// <summary>When the measurement ended (to the second).</summary>
    public DateTime? MeasuredAt { get; init; }

    /// <summary>Rounds measured; each figure is the median of them.</summary>
    public int Rounds { get; init; }

    /// <summary>How long a shape idled once up before its memory was read.</summary>
    public int IdleSeconds { get; init; }

    public IReadOnlyDictionary<string, FootprintShape> Shapes { get; init; } = new Dictionary<string, FootprintShape>();
}

public sealed class FootprintShape
{
    public double RssMiB { get; init; }

    public double StartToReadySeconds { get; init; }

    public IReadOnlyList<FootprintProcess> Processes { get; init; } = [];
}

public sealed class FootprintProcess
{
    public string Name { get; init; } = "";

    public double RssMiB { get; init; }

    public double StartToReadySeconds { get; init; }
}

/// <summary>shape.json: how the bench started the shape.</summary>
public sealed class ShapeStart
{
    public string Shape { get; init; } = "";

    public string Replicas { get; init; } = "";

    /// <summary>The CPU limits this shape ran with (its hosts' and the gateway's).</summary>
    public string Cpus { get; init; } = "";

    /// <summary>Seconds ./shop up took, build and migrations included.</summary>
    public double UpSeconds { get; init; }
}

/// <summary>Everything measured for one shape, raw and derived.</summary>
public sealed class ShapeReport
{
    public string Name { get; init; } = "";

    public ShapeStart Start { get; init; } = new();

    public RunReport? Run { get; init; }

    public CapacityReport? Capacity { get; init; }

    public IReadOnlyList<InvariantReport> Invariants { get; init; } = [];

    public PrometheusCapture? Prometheus { get; init; }

    /// <summary>The sampler's raw samples: cumulative CPU seconds and memory of every process tree, once a second.</summary>
    public IReadOnlyList<ProcessSample> ProcessSamples { get; init; } = [];

    public ShapeFigures Figures { get; init; } = new();
}

/// <summary>The figures of one shape the comparison, the goals and the reading are made of.</summary>
public sealed record ShapeFigures
{
    public double? CapacityRate { get; init; }

    public bool CapacityIsLowerBound { get; init; }

    public bool CapacityBelowFirstStep { get; init; }

    /// <summary>HTTP requests one journey makes on average, to turn journeys per second into requests per second.</summary>
    public double? RequestsPerJourney { get; init; }

    public double? CapacityRequestsPerSecond { get; init; }

    /// <summary>Capacity in requests per second ÷ the plain endpoint through the gateway: how much of the machine's proxy ceiling the shop reaches.</summary>
    public double? CapacityShareOfGatewayCeiling { get; init; }

    public double? CapacityShareOfDirectCeiling { get; init; }

    public double? TargetRate { get; init; }

    public double? AchievedRate { get; init; }

    public double? ErrorRatio { get; init; }

    public double? CheckoutP50Ms { get; init; }

    public double? CheckoutP99Ms { get; init; }

    public long OrdersAccepted { get; init; }

    public long OrdersConfirmed { get; init; }

    public long OrdersCancelled { get; init; }

    /// <summary>From the start of the scenario until the shape settled (or the check gave up): what the orders cost.</summary>
    public double CostWindowSeconds { get; init; }

    public double? CpuSecondsShop { get; init; }

    public double? CpuSecondsServers { get; init; }

    /// <summary>CPU seconds in the cost window by component: gateway, application, postgres, redis, rabbitmq.</summary>
    public IReadOnlyDictionary<string, double> CpuSecondsByComponent { get; init; } = new Dictionary<string, double>();

    /// <summary>CPU seconds in the cost window by process (replica), Shop's processes only.</summary>
    public IReadOnlyDictionary<string, double> CpuSecondsByProcess { get; init; } = new Dictionary<string, double>();

    /// <summary>Shop processes and the servers they use, per 1,000 accepted checkouts.</summary>
    public double? CpuSecondsPerThousandOrders { get; init; }

    public double? MachineBusyCoresMean { get; init; }

    public double? MachineBusyCoresPeak { get; init; }

    /// <summary>Cores used by processes that are neither the shape nor the instruments (other people's work on a shared machine).</summary>
    public double? ForeignCoresMean { get; init; }

    public double? GeneratorCoresMean { get; init; }

    public double? IdleMemoryMiBShop { get; init; }

    public double? PeakMemoryMiBShop { get; init; }

    public double? MeanMemoryMiBShop { get; init; }

    public double? PeakMemoryMiBServers { get; init; }

    public double? PeakOutboxBacklog { get; init; }

    public double? PeakQueueDepth { get; init; }

    /// <summary>Messages consumed (bus or in-process) per order submitted, over the whole window.</summary>
    public double? MessagesPerOrder { get; init; }

    public bool? InvariantsPassed { get; init; }

    /// <summary>Whether the shape kept up with the scenario (the generator's finding, from run.json); null without a run.</summary>
    public OverloadReport? Overload { get; init; }
}

/// <summary>Microservices ÷ monolith, figure by figure; above 1 means microservices have more of it.</summary>
public sealed class Comparison
{
    /// <summary>Null when it cannot be known: a capacity is missing, or both searches never failed.</summary>
    public double? CapacityRatio { get; init; }

    /// <summary>
    /// Whether <see cref="CapacityRatio"/> is exact or a bound: a search that never failed gives only a lower bound of
    /// that shape's capacity, so the ratio is at least (microservices) or at most (monolith) the value shown.
    /// </summary>
    public RatioBound CapacityRatioBound { get; init; }

    /// <summary>The scenario's checkout p99: both shapes got the same arrival schedule.</summary>
    public double? CheckoutP99Ratio { get; init; }

    /// <summary>The highest capacity-search rate both shapes ran, and their checkout p99 there.</summary>
    public EqualLoad? EqualLoad { get; init; }

    public double? CpuPerOrderRatio { get; init; }

    public double? PeakMemoryRatio { get; init; }

    public double? IdleMemoryRatio { get; init; }

    public double? FootprintMemoryRatio { get; init; }

    public double? StartToReadyRatio { get; init; }

    public double? MessagesPerOrderRatio { get; init; }
}

public enum RatioBound
{
    Exact,
    AtLeast,
    AtMost,
}

public sealed record EqualLoad(double Rate, double? MicroservicesCheckoutP99Ms, double? MonolithCheckoutP99Ms);

public enum GoalStatus
{
    Met,
    NotMet,
    NotMeasured,
}

/// <summary>A goal of the issue: reported against, never a pass/fail of the bench itself.</summary>
public sealed record Goal(string Name, string Description, double Target, double? Achieved, GoalStatus Status, string Note, RatioBound Bound = RatioBound.Exact);

public enum Severity
{
    /// <summary>The figures cannot be trusted as they stand.</summary>
    Error,

    /// <summary>A result about the shop the reader must see first, not a fault of the measurement: it did not keep up.</summary>
    Finding,

    /// <summary>The figures stand, with a caveat the reader must know.</summary>
    Warning,

    /// <summary>Something was not measured, or a fact worth knowing.</summary>
    Note,
}

public sealed record ValidityFlag(Severity Severity, string? Shape, string Text);

public enum VerdictKind
{
    /// <summary>Every figure stands; each shape kept up with the scenario.</summary>
    Valid,

    /// <summary>Every figure stands, and at least one shape did not keep up with the scenario: a finding.</summary>
    Overloaded,

    /// <summary>Some figure cannot be trusted (the generator behind, an invariant broken, different scenarios).</summary>
    Invalid,
}

/// <summary>The bench's verdict and the sentence that says it.</summary>
public sealed record Verdict(VerdictKind Kind, string Text);
