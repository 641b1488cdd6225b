using System.Text.Json.Serialization;

namespace Shop.Bench.LoadTest;

// The files Shop.LoadTest writes (run.json, capacity.json, max-rate.json), read as they are. Every member has a
// default, so a field the engine leaves out reads as empty rather than failing the whole report.

/// <summary>run.json: one scenario run, second by second.</summary>
public sealed class RunResult
{
    public string Kind { get; init; } = "run";

    public string Scenario { get; init; } = "";

    public string Target { get; init; } = "";

    public double Scale { get; init; } = 1;

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset EndedAt { get; init; }

    public double DurationSeconds { get; init; }

    public IReadOnlyList<RunPhase> Phases { get; init; } = [];

    public IReadOnlyList<TimelineSecond> Timeline { get; init; } = [];

    public IReadOnlyList<StepStatistics> Steps { get; init; } = [];

    public IReadOnlyList<JourneyStatistics> Journeys { get; init; } = [];

    public RunTotals Totals { get; init; } = new();

    public OrderOutcomes Orders { get; init; } = new();

    public RunValidity Validity { get; init; } = new();

    /// <summary>The hot products as the generator found them, and restocked (with an admin key) before the run.</summary>
    public IReadOnlyList<HotProduct> HotProducts { get; init; } = [];

    /// <summary>Units the generator added to the stock before the run, by product: not sales, so the stock invariant adds them back.</summary>
    public IReadOnlyDictionary<Guid, int> RestockedUnits() =>
        HotProducts.Where(p => p.StockAtStart > p.StockBefore).ToDictionary(p => p.Id, p => p.StockAtStart - p.StockBefore);

    /// <summary>The checkout step, the one the capacity criterion and the comparison are about.</summary>
    [JsonIgnore]
    public StepStatistics? Checkout => Steps.FirstOrDefault(s => s.Name == StepNames.Checkout);
}

/// <summary>Step names the report treats specially; every other step is shown as it comes.</summary>
public static class StepNames
{
    public const string Checkout = "checkout";
}

public sealed class RunPhase
{
    public string Name { get; init; } = "";

    public double StartSecond { get; init; }

    public double EndSecond { get; init; }

    public double FromRate { get; init; }

    public double ToRate { get; init; }
}

/// <summary>One second of a run: the arrival rate asked for, what started and completed, latency of what completed.</summary>
public sealed class TimelineSecond
{
    public int Second { get; init; }

    public string Phase { get; init; } = "";

    public double TargetRate { get; init; }

    public long Started { get; init; }

    public long Completed { get; init; }

    public long Errors { get; init; }

    public long LateStarts { get; init; }

    public long Dropped { get; init; }

    public long InFlight { get; init; }

    public double? P50Ms { get; init; }

    public double? P99Ms { get; init; }

    public IReadOnlyDictionary<string, TimelineStep> Steps { get; init; } = new Dictionary<string, TimelineStep>();
}

public sealed class TimelineStep
{
    public long Count { get; init; }

    public long Errors { get; init; }

    public double? P50Ms { get; init; }

    public double? P99Ms { get; init; }
}

/// <summary>One request kind over the whole run.</summary>
public sealed class StepStatistics
{
    public string Name { get; init; } = "";

    public long Count { get; init; }

    public long Errors { get; init; }

    public IReadOnlyDictionary<string, long> StatusCodes { get; init; } = new Dictionary<string, long>();

    public long Timeouts { get; init; }

    public long TransportErrors { get; init; }

    public double P50Ms { get; init; }

    public double P90Ms { get; init; }

    public double P99Ms { get; init; }

    public double P999Ms { get; init; }

    public double MaxMs { get; init; }

    public double MeanMs { get; init; }
}

public sealed class JourneyStatistics
{
    public string Name { get; init; } = "";

    public double Weight { get; init; }

    public long Started { get; init; }

    public long Completed { get; init; }

    public long Failed { get; init; }

    public long Exceptions { get; init; }
}

public sealed class RunTotals
{
    public long Scheduled { get; init; }

    public long Started { get; init; }

    public long Completed { get; init; }

    public long Failed { get; init; }

    /// <summary>HTTP requests of all steps; <see cref="Errors"/> counts the failed ones.</summary>
    public long Requests { get; init; }

    public long Errors { get; init; }

    public long LateStarts { get; init; }

    public long Dropped { get; init; }

    public long MaxInFlight { get; init; }

    public double TargetRate { get; init; }

    public double AchievedRate { get; init; }
}

public sealed class OrderOutcomes
{
    public long CheckoutsAccepted { get; init; }

    public long Confirmed { get; init; }

    public long Cancelled { get; init; }

    public long StockOuts { get; init; }

    /// <summary>Distinct order ids the generator was given (a retried checkout returns the same id).</summary>
    public long OrderIds { get; init; }

    /// <summary>Orders still pending when the generator's status polls ran out (the database decides in the end).</summary>
    public long Pending { get; init; }

    public IReadOnlyDictionary<string, long> CancelledByReason { get; init; } = new Dictionary<string, long>();
}

/// <summary>Whether the generator kept its schedule, so the figures describe the server and not the client.</summary>
public sealed class RunValidity
{
    public double AchievedToTargetRatio { get; init; }

    public long LateStarts { get; init; }

    public double LateStartRatio { get; init; }

    public long Dropped { get; init; }

    public double GeneratorCpuSeconds { get; init; }

    /// <summary>The generator's share of the whole machine (all cores), in percent.</summary>
    public double GeneratorCpuPercent { get; init; }

    public bool Valid { get; init; } = true;

    public IReadOnlyList<string> Problems { get; init; } = [];
}

public sealed class HotProduct
{
    public string Sku { get; init; } = "";

    public Guid Id { get; init; }

    public int StockBefore { get; init; }

    public int StockAtStart { get; init; }
}
