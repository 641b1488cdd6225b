namespace Shop.Bench.Report;

/// <summary>The goals, reported against (they are not tests: a bench that misses one still reports).</summary>
public static class Goals
{
    public const double GeneratorToWrkTarget = 0.5;
    public const double CapacityRatioTarget = 0.6;

    public static IReadOnlyList<Goal> Evaluate(Ceilings ceilings, IReadOnlyList<ShapeReport> shapes, Comparison? comparison)
    {
        var generatorNote = ceilings.Generator is { } generator && ceilings.PlainDirect is { } wrk
            ? Format.Invariant($"Shop.LoadTest max-rate {generator.RequestsPerSecond:N0} rps, wrk {wrk.Rps:N0} rps, same plain endpoint, same run")
            : "the machine ceilings were not measured";
        var lowerBound = shapes.Where(s => s.Figures.CapacityIsLowerBound).Select(s => s.Name).ToList();
        var bound = comparison?.CapacityRatioBound ?? RatioBound.Exact;
        var capacityNote = comparison?.CapacityRatio is null
            ? lowerBound.Count > 1
                ? "both capacity searches passed every rate they tried: raise their --max-rate (SHOP_BENCH_CAPACITY_ARGS)"
                : "needs the capacity of both shapes"
            : Format.Invariant($"{Capacity(shapes, ShapeNames.Microservices)} ÷ {Capacity(shapes, ShapeNames.Monolith)} journeys/s") +
              (lowerBound.Count > 0 ? $"; the search of {lowerBound[0]} never failed, so its capacity is a lower bound" : "");
        return
        [
            Make("generator-vs-wrk", "Generator max rate ≥ 0.5 × wrk on the same endpoint", GeneratorToWrkTarget, ceilings.GeneratorToWrk, generatorNote),
            Make("capacity-ratio", "Microservices ÷ monolith capacity ≥ 0.6 on this machine", CapacityRatioTarget, comparison?.CapacityRatio, capacityNote, bound),
        ];
    }

    /// <param name="name">Stable key of the goal.</param>
    /// <param name="description">The goal in words.</param>
    /// <param name="target">The value to reach or pass.</param>
    /// <param name="achieved">What was measured, null when it was not.</param>
    /// <param name="note">How it was measured.</param>
    /// <param name="bound">A bound decides only on its own side: at least 0.7 meets 0.6, at least 0.5 says nothing.</param>
    private static Goal Make(string name, string description, double target, double? achieved, string note, RatioBound bound = RatioBound.Exact)
    {
        var status = achieved is not { } value ? GoalStatus.NotMeasured
            : value >= target ? (bound == RatioBound.AtMost ? GoalStatus.NotMeasured : GoalStatus.Met)
            : bound == RatioBound.AtLeast ? GoalStatus.NotMeasured : GoalStatus.NotMet;
        return new(name, description, target, achieved, status, note, bound);
    }

    private static string Capacity(IReadOnlyList<ShapeReport> shapes, string name) =>
        shapes.FirstOrDefault(s => s.Name == name)?.Figures.CapacityRate is { } rate ? Format.Number(rate) : "?";
}
