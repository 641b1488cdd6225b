namespace Shop.Bench.Invariants;

/// <summary>baseline.json: the state before the run, which the invariants compare against.</summary>
public sealed class StockBaseline
{
    public DateTimeOffset TakenAt { get; init; }

    public long Orders { get; init; }

    public IReadOnlyDictionary<Guid, int> Stock { get; init; } = new Dictionary<Guid, int>();

    public IReadOnlyDictionary<Guid, long> ConfirmedUnits { get; init; } = new Dictionary<Guid, long>();
}

/// <summary>invariants.json: the checks of the reporting issue, after the shape was given time to settle.</summary>
public sealed class InvariantReport
{
    /// <summary>What the checks came after: "scenario" or "capacity search".</summary>
    public string After { get; init; } = "";

    public DateTimeOffset CheckedAt { get; init; }

    /// <summary>When nothing was pending any more (orders final, outboxes empty, reports caught up); null if it never was.</summary>
    public DateTimeOffset? SettledAt { get; init; }

    public double SettleSeconds { get; init; }

    public OrderTotals? Orders { get; init; }

    public OrderTotals? Reported { get; init; }

    public IReadOnlyList<InvariantCheck> Checks { get; init; } = [];

    public bool Passed => Checks.Count > 0 && Checks.All(c => c.Passed);
}

public sealed record InvariantCheck(string Name, string Title, bool Passed, string Detail);
