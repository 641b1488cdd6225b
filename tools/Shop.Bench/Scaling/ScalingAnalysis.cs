using Shop.Bench.Report;

namespace Shop.Bench.Scaling;

/// <summary>
/// What the scaling report derives from its measurements: the cheapest deployment per demand, the plain-language
/// reading and the validity flags. Pure functions of the measured report, so a report re-rendered from scaling.json
/// says the same as the one the bench wrote; every sentence is chosen by the figures, none is a fixed conclusion.
/// </summary>
public static class ScalingAnalysis
{
    /// <summary>A checkout p99 that moves by less than this factor between windows "barely moved".</summary>
    public const double UnchangedP99Factor = 1.2;

    /// <summary>Two demands closer than this share are one demand.</summary>
    private const double SameDemandShare = 0.005;

    /// <summary>The measured report with <see cref="ScalingReport.Cheapest"/>, <see cref="ScalingReport.Reading"/> and <see cref="ScalingReport.Validity"/> filled.</summary>
    public static ScalingReport Complete(ScalingReport measured)
    {
        var withCheapest = measured with { Cheapest = Cheapest(measured) };
        return withCheapest with { Reading = Reading(withCheapest), Validity = Validity(withCheapest) };
    }

    /// <summary>The shapes measured: microservices, then the monolith, then any other, each once.</summary>
    public static IReadOnlyList<string> Shapes(ScalingReport report) =>
        new[] { ShapeNames.Microservices, ShapeNames.Monolith }
            .Concat(report.Points.Select(p => p.Shape))
            .Concat(report.Isolation.Select(e => e.Shape))
            .Distinct(StringComparer.Ordinal)
            .Where(s => report.Points.Any(p => p.Shape == s) || report.Isolation.Any(e => e.Shape == s))
            .ToList();

    /// <summary>The mixes in the order of the conditions, then any other a point was measured with.</summary>
    public static IReadOnlyList<string> Mixes(ScalingReport report) =>
        report.Conditions.Mixes.Concat(report.Points.Select(p => p.Mix)).Distinct(StringComparer.Ordinal)
            .Where(m => report.Points.Any(p => p.Mix == m)).ToList();

    /// <summary>One shape's points with one mix, cheapest first (CPU quota, then memory).</summary>
    public static IReadOnlyList<ScalingPoint> Curve(ScalingReport report, string shape, string mix) =>
        report.Points.Where(p => p.Shape == shape && p.Mix == mix).OrderBy(p => p.CpuQuotaCores).ThenBy(p => p.MemoryMiB).ToList();

    /// <summary>The highest capacity both shapes reached with <paramref name="mix"/>: the demand either can serve; null unless both served some.</summary>
    public static double? BothServed(ScalingReport report, string mix)
    {
        var best = new[] { ShapeNames.Microservices, ShapeNames.Monolith }
            .Select(shape => Curve(report, shape, mix).Select(p => p.Capacity).DefaultIfEmpty(0).Max())
            .ToList();
        return best.All(b => b > 0) ? best.Min() : null;
    }

    /// <summary>
    /// The demands the cheapest deployments are sized for: the scenario's peak, the most both shapes served and half of
    /// that; a demand equal to one already listed is left out.
    /// </summary>
    public static IReadOnlyList<(string Demand, double Rate)> Demands(ScalingReport report, string mix)
    {
        var demands = new List<(string Demand, double Rate)>();
        void Add(string demand, double rate)
        {
            if (rate > 0 && !demands.Any(d => Math.Abs(d.Rate - rate) <= SameDemandShare * Math.Max(d.Rate, rate)))
            {
                demands.Add((demand, rate));
            }
        }
        Add(Format.Invariant($"the scenario's peak ({Format.Number(report.Conditions.ScenarioPeakRate)} journeys/s)"), report.Conditions.ScenarioPeakRate);
        if (BothServed(report, mix) is { } both)
        {
            Add(Format.Invariant($"the most both shapes served ({Format.Number(both)} journeys/s)"), both);
            Add(Format.Invariant($"half of that ({Format.Number(both / 2)} journeys/s)"), both / 2);
        }
        return demands;
    }

    /// <summary>Per mix, demand and shape: the cheapest measured point that served the demand (null when none did).</summary>
    public static IReadOnlyList<CheapestDeployment> Cheapest(ScalingReport report)
    {
        var shapes = Shapes(report).Where(s => report.Points.Any(p => p.Shape == s)).ToList();
        return Mixes(report)
            .SelectMany(mix => Demands(report, mix).SelectMany(demand => shapes.Select(shape =>
                CheapestFor(Curve(report, shape, mix), shape, mix, demand.Demand, demand.Rate))))
            .ToList();
    }

    /// <summary>
    /// Of <paramref name="curve"/> (cheapest first), the first point whose capacity reached <paramref name="rate"/>. A
    /// cheaper point whose capacity is a lower bound below the rate may have served it too: that is said, not guessed.
    /// </summary>
    public static CheapestDeployment CheapestFor(IReadOnlyList<ScalingPoint> curve, string shape, string mix, string demand, double rate)
    {
        var ordered = curve.OrderBy(p => p.CpuQuotaCores).ThenBy(p => p.MemoryMiB).ToList();
        var point = ordered.FirstOrDefault(p => p.Capacity > 0 && p.Capacity >= rate);
        var cheaper = point is null ? ordered : ordered.TakeWhile(p => !ReferenceEquals(p, point));
        return new CheapestDeployment(shape, mix, demand, rate, point)
        {
            CheaperMayServe = cheaper.Any(p => p.CapacityIsLowerBound && p.Capacity < rate),
        };
    }

    public static IReadOnlyList<string> Reading(ScalingReport report)
    {
        var mixes = Mixes(report);
        var paragraphs = new List<string?>();
        paragraphs.AddRange(mixes.Select(m => Bottlenecks(report, m)));
        paragraphs.AddRange(mixes.Select(m => Growth(report, m)));
        paragraphs.AddRange(mixes.Select(m => CheaperShape(report, m)));
        paragraphs.Add(MachineBound(report));
        paragraphs.AddRange(report.Isolation.Select(e => e.Fault).Distinct(StringComparer.Ordinal).Select(f => Isolation(report, f)));
        paragraphs.Add(Caveats(report));
        return paragraphs.OfType<string>().ToList();
    }

    /// <summary>Which host held each shape back at its first (fewest replicas) point, and how throttled it was.</summary>
    public static string? Bottlenecks(ScalingReport report, string mix)
    {
        var clauses = new List<string>();
        foreach (var shape in Shapes(report))
        {
            var first = Curve(report, shape, mix).OrderBy(p => p.TotalReplicas).ThenBy(p => p.CpuQuotaCores).FirstOrDefault();
            if (first is null)
            {
                continue;
            }
            var capacity = Format.Invariant($"{Capacity(first)} journeys/s ({first.ReplicasText})");
            clauses.Add(first switch
            {
                { Bottleneck: null } => $"in {ShapeText(shape)} no host was throttled at {capacity}: the limits did not hold it back",
                { Bottleneck: var host } when host == shape || first.Replicas.Count == 1 =>
                    $"in {ShapeText(shape)} its one host was throttled in {Format.Percent(first.BottleneckThrottledShare)} of its CPU periods at {capacity}",
                _ => $"in {ShapeText(shape)} {first.Bottleneck} was the bottleneck, throttled in {Format.Percent(first.BottleneckThrottledShare)} of its CPU periods at {capacity}",
            });
        }
        return clauses.Count == 0 ? null : $"With the {mix} mix at one replica per host, {JoinAnd(clauses)}.";
    }

    /// <summary>How much capacity each added replica bought, in journeys/s per extra core of quota.</summary>
    public static string? Growth(ScalingReport report, string mix)
    {
        var clauses = new List<string>();
        foreach (var shape in Shapes(report))
        {
            var curve = Curve(report, shape, mix);
            if (curve.Count < 2)
            {
                continue;
            }
            var (first, last) = (curve[0], curve[^1]);
            var steps = curve.Zip(curve.Skip(1), (a, b) =>
                Format.Number(PerExtraCore(a, b)) + (b.MachineBound ? " (machine-bound)" : "") + (b.CapacityIsLowerBound ? " (a lower bound)" : ""));
            clauses.Add(
                $"{ShapeText(shape)} went from {Capacity(first)} journeys/s on {Cores(first.CpuQuotaCores)} of quota ({first.ReplicasText}) " +
                $"to {Capacity(last)} on {Format.Number(last.CpuQuotaCores)} ({last.ReplicasText}): {string.Join(", ", steps)} journeys/s per extra core " +
                $"as each replica was added, against {Format.Number(first.CapacityPerCore)} per core at the start");
        }
        return clauses.Count == 0 ? null : $"Scaling out with the {mix} mix, {string.Join("; ", clauses)}.";
    }

    /// <summary>Journeys/s gained per core of quota added from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static double? PerExtraCore(ScalingPoint from, ScalingPoint to) =>
        to.CpuQuotaCores > from.CpuQuotaCores ? (to.Capacity - from.Capacity) / (to.CpuQuotaCores - from.CpuQuotaCores) : null;

    /// <summary>Per demand of a mix, which shape's cheapest deployment needs less CPU quota and less memory, and why.</summary>
    public static string? CheaperShape(ScalingReport report, string mix)
    {
        var sentences = new List<string>();
        var explained = false;
        foreach (var demand in report.Cheapest.Where(c => c.Mix == mix).GroupBy(c => c.Demand))
        {
            var micro = demand.FirstOrDefault(c => c.Shape == ShapeNames.Microservices);
            var mono = demand.FirstOrDefault(c => c.Shape == ShapeNames.Monolith);
            if (micro is null || mono is null)
            {
                continue;
            }
            sentences.Add((micro.Point, mono.Point) switch
            {
                (null, null) => $"Neither shape reached {demand.Key} in any measured deployment.",
                (null, { } p) => $"Only the monolith reached {demand.Key}: {Deployment(p)}; microservices did not with up to {MostQuota(report, ShapeNames.Microservices, mix)} of quota.",
                ({ } p, null) => $"Only microservices reached {demand.Key}: {Deployment(p)}; the monolith did not with up to {MostQuota(report, ShapeNames.Monolith, mix)} of quota.",
                ({ } m, { } o) => $"To serve {demand.Key}, microservices need {Deployment(m)}, the monolith {Deployment(o)}. {Comparison(m, o, ref explained)}",
            } + MayServe(micro) + MayServe(mono));
        }
        return sentences.Count == 0 ? null : $"With the {mix} mix, {char.ToLowerInvariant(sentences[0][0])}{sentences[0][1..]}{string.Concat(sentences.Skip(1).Select(t => " " + t))}";
    }

    /// <summary>The first point (in the order measured) where the machine, not the limits, was the constraint.</summary>
    public static string? MachineBound(ScalingReport report)
    {
        var bound = report.Points.Where(p => p.MachineBound).ToList();
        if (report.Points.Count == 0)
        {
            return null;
        }
        if (bound.Count == 0)
        {
            return "No measured point was machine-bound: every curve measures the per-replica limits, not the machine.";
        }
        var first = bound[0];
        var reason = first.MachineBoundReason.Length > 0 ? $" ({first.MachineBoundReason})" : "";
        var others = bound.Count > 1
            ? $" {bound.Count} points in all were machine-bound: {string.Join(", ", bound.Select(p => $"{p.Shape} {p.ReplicasText} with {p.Mix}"))}."
            : "";
        return
            $"The machine, not the limits, became the constraint first at {first.Shape} {first.ReplicasText} with the {first.Mix} mix " +
            $"({Cores(first.CpuQuotaCores)} of quota on a machine of {Cores(report.Machine.Cores)}): the machine was busy {Format.Percent(first.MachineBusyShare)} of the time{reason}. " +
            $"From there on, that curve measures this machine, not what another replica would give on a bigger one.{others}";
    }

    /// <summary>One fault in both shapes: checkout p99 and success during against before, and p99 after.</summary>
    public static string? Isolation(ScalingReport report, string fault)
    {
        var experiments = Shapes(report).Select(s => report.Isolation.FirstOrDefault(e => e.Shape == s && e.Fault == fault)).OfType<IsolationExperiment>()
            .Where(e => e.Window(IsolationWindowNames.Before) is not null && e.Window(IsolationWindowNames.During) is not null)
            .ToList();
        if (experiments.Count == 0)
        {
            return null;
        }
        var p99 = experiments.Select(e =>
        {
            var (before, during) = (e.Window(IsolationWindowNames.Before)!, e.Window(IsolationWindowNames.During)!);
            return Change(before.CheckoutP99Ms, during.CheckoutP99Ms) + $" in {ShapeText(e.Shape)}";
        }).ToList();
        var success = experiments.Select(e =>
        {
            var (before, during) = (e.Window(IsolationWindowNames.Before)!, e.Window(IsolationWindowNames.During)!);
            return (Success(before.CheckoutSuccess) == Success(during.CheckoutSuccess)
                ? $"stayed at {Success(during.CheckoutSuccess)}"
                : $"went from {Success(before.CheckoutSuccess)} to {Success(during.CheckoutSuccess)}") + $" in {ShapeText(e.Shape)}";
        }).ToList();
        var text = $"{Title(FaultText(fault, experiments[0]))}, checkout p99 {JoinAnd(p99)}; checkout success {JoinAnd(success)}.";
        var after = experiments.Where(e => e.Window(IsolationWindowNames.After) is not null).ToList();
        if (after.Count > 0)
        {
            text += " Afterwards it was " + JoinAnd(after.Select(e => $"{Format.Ms(e.Window(IsolationWindowNames.After)!.CheckoutP99Ms)} in {ShapeText(e.Shape)}").ToList()) + ".";
        }
        if (experiments.Count == 2 && experiments.Select(P99Factor).ToList() is [var a, var b] && a > 0 && b > 0)
        {
            text += Math.Max(a, b) / Math.Min(a, b) < UnchangedP99Factor
                ? Format.Invariant($" Both shapes felt it alike (p99 ×{Format.Ratio(a)} and ×{Format.Ratio(b)}).")
                : Format.Invariant($" It hurt {ShapeText(a > b ? experiments[0].Shape : experiments[1].Shape)} more (p99 ×{Format.Ratio(Math.Max(a, b))} against ×{Format.Ratio(Math.Min(a, b))}).");
        }
        var invalid = experiments.SelectMany(e => e.Windows.Where(w => !w.Valid).Select(w => $"{e.Shape} {w.Name}")).ToList();
        if (invalid.Count > 0)
        {
            text += $" Not to be trusted: the generator fell behind in {JoinAnd(invalid)}.";
        }
        return text;
    }

    /// <summary>What limits every figure of this run, or a sentence saying nothing does.</summary>
    public static string Caveats(ScalingReport report)
    {
        var caveats = new List<string>();
        if (report.Conditions.Quick)
        {
            caveats.Add(Format.Invariant($"this was a --quick run ({Format.Number(report.Conditions.StepSeconds)} s steps, {Format.Number(report.Conditions.WindowSeconds)} s windows): its figures show that the bench works, not what to quote"));
        }
        var lowerBounds = report.Points.Count(p => p.CapacityIsLowerBound);
        if (lowerBounds > 0)
        {
            caveats.Add($"{lowerBounds} {(lowerBounds == 1 ? "capacity is a lower bound" : "capacities are lower bounds")} (the search passed every rate it tried), so the per-core figures and cheapest deployments built on {(lowerBounds == 1 ? "it" : "them")} are conservative");
        }
        if (report.Conditions.OtherShopRunning)
        {
            caveats.Add("the Shop of ./shop up was running and shared the cores, so every capacity is lower than on a quiet machine");
        }
        var invalid = report.Isolation.Sum(e => e.Windows.Count(w => !w.Valid));
        if (invalid > 0)
        {
            caveats.Add($"in {invalid} isolation {(invalid == 1 ? "window" : "windows")} the generator fell behind its schedule, so {(invalid == 1 ? "its" : "their")} latencies are not those of the load asked for");
        }
        return caveats.Count == 0
            ? "No caveat: full-length steps and windows, no other Shop on the machine, every capacity search found its limit, and the generator kept its schedule in every isolation window."
            : $"Caveats: {string.Join("; ", caveats)}.";
    }

    public static IReadOnlyList<ValidityFlag> Validity(ScalingReport report)
    {
        var flags = new List<ValidityFlag>();
        if (report.Points.Count == 0)
        {
            flags.Add(new(Severity.Error, null, "no scale-out point was measured"));
        }
        if (report.Conditions.Quick)
        {
            flags.Add(new(Severity.Warning, null, "--quick: short steps and windows and fewer faults; figures to check that the bench works, not to quote"));
        }
        if (report.Conditions.OtherShopRunning)
        {
            flags.Add(new(Severity.Warning, null, "another Shop (./shop up) was running beside the bench and shared the cores"));
        }
        foreach (var point in report.Points)
        {
            var which = $"{point.ReplicasText} with {point.Mix}";
            if (point.CapacityIsLowerBound)
            {
                flags.Add(new(Severity.Warning, point.Shape, $"{which}: the capacity search passed every rate it tried: capacity is at least {Format.Number(point.Capacity)} journeys/s, maybe more"));
            }
            else if (point.Capacity <= 0)
            {
                flags.Add(new(Severity.Warning, point.Shape, $"{which}: no rate of the capacity search met the criterion"));
            }
            if (point.MachineBound)
            {
                var reason = point.MachineBoundReason.Length > 0 ? point.MachineBoundReason + "; " : "";
                flags.Add(new(Severity.Warning, point.Shape, $"{which} was machine-bound ({reason}machine busy {Format.Percent(point.MachineBusyShare)}): its capacity measures the machine, not the limits"));
            }
        }
        foreach (var experiment in report.Isolation)
        {
            foreach (var window in experiment.Windows.Where(w => !w.Valid))
            {
                flags.Add(new(Severity.Error, experiment.Shape,
                    $"{FaultName(experiment.Fault)}, window {window.Name}: the load generator did not keep its schedule, so the load was not the one asked for"));
            }
            var missing = IsolationWindowNames.All.Where(n => experiment.Window(n) is null).ToList();
            if (missing.Count > 0)
            {
                flags.Add(new(Severity.Warning, experiment.Shape, $"{FaultName(experiment.Fault)}: no {string.Join(" or ", missing)} window"));
            }
        }
        return flags;
    }

    /// <summary>A fault's short name for tables and charts: "reporting rebuild", "reporting CPU hog", "catalog replica killed".</summary>
    public static string FaultName(string fault) => fault switch
    {
        IsolationFaults.ReportingRebuild => "reporting rebuild",
        IsolationFaults.ReportingCpuHog => "reporting CPU hog",
        IsolationFaults.CatalogReplicaKilled => "catalog replica killed",
        _ => fault,
    };

    /// <summary>"the monolith" or the shape's name, as a sentence uses it.</summary>
    public static string ShapeText(string shape) => shape == ShapeNames.Monolith ? "the monolith" : shape;

    /// <summary>A success share to a tenth of a percent, so 99.6 % is not rounded to 100 %: "99.6 %", "100 %".</summary>
    public static string Success(double share) => (share * 100).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " %";

    /// <summary>"1 core", "2.5 cores".</summary>
    public static string Cores(double cores) => Format.Number(cores) + (cores == 1 ? " core" : " cores");

    /// <summary>A capacity as text: "≥ 120" when it is a lower bound.</summary>
    public static string Capacity(ScalingPoint point) => (point.CapacityIsLowerBound ? "≥ " : "") + Format.Number(point.Capacity);

    private static string FaultText(string fault, IsolationExperiment experiment) => fault switch
    {
        IsolationFaults.ReportingRebuild => "while reporting rebuild ran",
        IsolationFaults.ReportingCpuHog => "during the reporting CPU hog",
        IsolationFaults.CatalogReplicaKilled => "with a catalog replica killed (SIGKILL)",
        _ => "during " + (experiment.Description.Length > 0 ? experiment.Description : fault),
    };

    private static string Change(double before, double during)
    {
        var factor = before > 0 ? during / before : double.PositiveInfinity;
        return factor >= UnchangedP99Factor ? $"rose from {Format.Number(before)} to {Format.Ms(during)}"
            : factor <= 1 / UnchangedP99Factor ? $"fell from {Format.Number(before)} to {Format.Ms(during)}"
            : $"barely moved ({Format.Number(before)} to {Format.Ms(during)})";
    }

    private static double P99Factor(IsolationExperiment experiment) =>
        experiment.Window(IsolationWindowNames.Before)!.CheckoutP99Ms is > 0 and var before
            ? experiment.Window(IsolationWindowNames.During)!.CheckoutP99Ms / before
            : 0;

    private static string Deployment(ScalingPoint point) =>
        Format.Invariant($"{Cores(point.CpuQuotaCores)} of quota and {Format.MiB(point.MemoryMiB)} ({point.ReplicasText}, capacity {Capacity(point)})");

    // Why a shape is cheaper is said once per paragraph; the demands after it only give the factors.
    private static string Comparison(ScalingPoint micro, ScalingPoint mono, ref bool explained)
    {
        var cpu = Math.Sign(micro.CpuQuotaCores - mono.CpuQuotaCores);
        var memory = Math.Sign(micro.MemoryMiB - mono.MemoryMiB);
        var cpuFactor = Format.Ratio(Math.Max(micro.CpuQuotaCores, mono.CpuQuotaCores) / Math.Max(1e-9, Math.Min(micro.CpuQuotaCores, mono.CpuQuotaCores)));
        var memoryFactor = Format.Ratio(Math.Max(micro.MemoryMiB, mono.MemoryMiB) / Math.Max(1e-9, Math.Min(micro.MemoryMiB, mono.MemoryMiB)));
        var why = explained ? "." : null;
        explained = explained || cpu != 0;
        return (cpu, memory) switch
        {
            (> 0, >= 0) => $"The monolith is cheaper, in CPU quota (microservices need {cpuFactor}×) and {(memory > 0 ? $"in memory ({memoryFactor}×)" : "the same in memory")}" +
                (why ?? ": the services pay for the hops the monolith makes in-process (the gateway forwarding to the service that owns each route, module-to-module messages serialised and sent through RabbitMQ) and for a runtime per process."),
            (< 0, <= 0) => $"Microservices are cheaper, in CPU quota (the monolith needs {cpuFactor}×) and {(memory < 0 ? $"in memory ({memoryFactor}×)" : "the same in memory")}" +
                (why ?? ": only the bottleneck host got more replicas, where the monolith copies every module to scale one."),
            (> 0, < 0) => $"The monolith needs less CPU quota ({cpuFactor}× less), microservices less memory ({memoryFactor}× less).",
            (< 0, > 0) => $"Microservices need less CPU quota ({cpuFactor}× less), the monolith less memory ({memoryFactor}× less): the services' extra runtimes cost memory, not CPU.",
            (0, > 0) => $"Both need the same CPU quota; the monolith less memory ({memoryFactor}× less).",
            (0, < 0) => $"Both need the same CPU quota; microservices less memory ({memoryFactor}× less).",
            _ => "Both cost the same.",
        };
    }

    private static string MayServe(CheapestDeployment cheapest) =>
        cheapest.CheaperMayServe
            ? $" (A cheaper {cheapest.Shape} deployment passed every rate it tried, all below this demand: it may serve it too.)"
            : "";

    private static string MostQuota(ScalingReport report, string shape, string mix) =>
        Cores(Curve(report, shape, mix).Select(p => p.CpuQuotaCores).DefaultIfEmpty(0).Max());

    private static string Title(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string JoinAnd(List<string> parts) => parts.Count switch
    {
        0 => "",
        1 => parts[0],
        _ => string.Join(", ", parts.Take(parts.Count - 1)) + " and " + parts[^1],
    };
}
