namespace Shop.Bench.LoadTest;

/// <summary>capacity.json: the step search for the highest arrival rate that still meets the criterion.</summary>
public sealed class CapacityResult
{
    public string Kind { get; init; } = "capacity";

    public string Target { get; init; } = "";

    public string Scenario { get; init; } = "";

    public DateTimeOffset? StartedAt { get; init; }

    public CapacityCriterion Criterion { get; init; } = new();

    public IReadOnlyList<CapacityStep> Steps { get; init; } = [];

    /// <summary>The highest passing rate; null or 0 when no step passed.</summary>
    public double? CapacityRate { get; init; }

    /// <summary>True when even the highest rate tried passed: the real capacity is at least <see cref="CapacityRate"/>.</summary>
    public bool IsLowerBound => Steps.Count > 0 && Steps.All(s => s.Passed);

    /// <summary>True when not even the first rate passed: the capacity is below every rate tried.</summary>
    public bool NoStepPassed => Steps.Count > 0 && !Steps.Any(s => s.Passed);
}

public sealed class CapacityCriterion
{
    public double CheckoutP99Ms { get; init; } = 1000;

    public double MaxErrorRatio { get; init; } = 0.001;
}

public sealed class CapacityStep
{
    public double Rate { get; init; }

    public double DurationSeconds { get; init; }

    public double AchievedRate { get; init; }

    public double? CheckoutP99Ms { get; init; }

    public double? P99Ms { get; init; }

    public double ErrorRatio { get; init; }

    public bool Passed { get; init; }

    /// <summary>Why the step failed, in words.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];
}

/// <summary>max-rate.json: the generator's own ceiling on a trivial endpoint.</summary>
public sealed class MaxRateResult
{
    public string Kind { get; init; } = "max-rate";

    public string Url { get; init; } = "";

    public double DurationSeconds { get; init; }

    public double RequestsPerSecond { get; init; }

    public double? P99Ms { get; init; }

    public long Errors { get; init; }

    /// <summary>The generator's share of the whole machine during the measurement, in percent.</summary>
    public double? GeneratorCpuPercent { get; init; }
}
