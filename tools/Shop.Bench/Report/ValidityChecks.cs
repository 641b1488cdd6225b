using Shop.LoadTest.Reports;

namespace Shop.Bench.Report;

/// <summary>
/// What a reader must know before trusting a figure: a generator that fell behind, a capacity search that never
/// failed, other work on a shared machine, a broken invariant. Shown above everything else in the report. Apart from
/// those, a shape that did not keep up with the scenario (arrivals dropped because it held every slot) is a
/// <see cref="Severity.Finding"/>: a result about the shop, with its figures, never a reason to distrust them.
/// </summary>
public static class ValidityChecks
{
    /// <summary>Generator CPU above this share of the machine suggests the client, not the server, set the pace.</summary>
    public const double GeneratorCpuPercentLimit = 40;

    /// <summary>Other processes using more than this many cores on average disturbed the measurement.</summary>
    public const double ForeignCoresLimit = 0.25;

    public static IReadOnlyList<ValidityFlag> Evaluate(BenchSettings settings, Ceilings ceilings, Footprint? footprint, IReadOnlyList<ShapeReport> shapes)
    {
        var flags = new List<ValidityFlag>();
        if (settings.OtherShopRunning)
        {
            flags.Add(new(Severity.Warning, null, "another Shop (./shop up) was running beside the bench and shared the cores"));
        }
        foreach (var shape in shapes)
        {
            AddShapeFlags(flags, settings, shape);
        }
        var runs = shapes.Where(s => s.Run is not null).Select(s => s.Run!).ToList();
        if (runs.Select(r => (r.Scenario, r.Scale, Math.Round(r.Phases.Sum(p => p.EndSecond - p.StartSecond)))).Distinct().Count() > 1)
        {
            flags.Add(new(Severity.Error, null, "the shapes did not run the same scenario, scale and duration: their figures are not comparable"));
        }
        if (shapes.Count == 1)
        {
            flags.Add(new(Severity.Note, null, $"only {shapes[0].Name} ran: no comparison"));
        }
        if (ceilings.PlainDirect is null || ceilings.PlainThroughGateway is null || ceilings.Generator is null)
        {
            flags.Add(new(Severity.Note, null, "the machine ceilings were not (all) measured: figures are not shown as shares of them"));
        }
        if (footprint is null)
        {
            flags.Add(new(Severity.Note, null, "no footprint.json (deploy/local/footprint.sh): idle memory and start-to-ready time come from the bench's own samples only"));
        }
        return flags;
    }

    /// <summary>The overload of one run in a sentence: how long, how many dropped, the p99 meanwhile, the recovery.</summary>
    public static string OverloadText(OverloadReport overload)
    {
        var recovered = overload.RecoveredSecond is { } second
            ? Format.Invariant($"it recovered at {second} s, {second - overload.LastSecond} s after the last drop (p99 back within {Format.Number(OverloadReport.RecoveryP99Factor)}× the one before)")
            : "it had not recovered when the run ended";
        return Format.Invariant($"overloaded: the shop did not keep up from {overload.FirstSecond} s to {overload.LastSecond} s of the scenario (arrivals dropped in {overload.Seconds} s of them): ") +
            $"{Format.Count(overload.Dropped)} arrivals ({Format.Percent(overload.DroppedRatio)}) dropped at the in-flight cap of {Format.Count(overload.MaxConcurrency)}, " +
            $"p99 {Format.Ms(overload.P99Ms)} meanwhile against {Format.Ms(overload.P99BeforeMs)} before; {recovered}.";
    }

    /// <summary>Invalid when any figure is in doubt; otherwise overloaded when a shape did not keep up; otherwise valid.</summary>
    public static Verdict Verdict(IReadOnlyList<ValidityFlag> flags, IReadOnlyList<ShapeReport> shapes)
    {
        var problems = flags.Where(f => f.Severity == Severity.Error).ToList();
        var caveats = flags.Count(f => f.Severity == Severity.Warning);
        var caveatText = caveats == 0 ? "" : Format.Invariant($" ({caveats} caveat{(caveats == 1 ? "" : "s")}: see Validity)");
        if (problems.Count > 0)
        {
            var where = problems.Select(p => p.Shape ?? "the comparison").Distinct(StringComparer.Ordinal).ToList();
            return new(VerdictKind.Invalid, Format.Invariant(
                $"Invalid: {problems.Count} problem{(problems.Count == 1 ? "" : "s")} ({string.Join(", ", where)}) put figures in doubt; read Validity before anything else."));
        }
        var ran = shapes.Where(s => s.Run is not null).ToList();
        var overloaded = ran.Where(s => s.Run!.Overload.Overloaded).ToList();
        if (overloaded.Count > 0)
        {
            var keptUp = ran.Except(overloaded).Select(s => s.Name).ToList();
            var each = overloaded.Select(s =>
            {
                var o = s.Run!.Overload;
                var recovery = o.RecoveredSecond is { } second ? Format.Invariant($"recovered at {second} s") : "not recovered by the end";
                return Format.Invariant($"{s.Name} did not keep up for {o.LastSecond - o.FirstSecond + 1} s ({Format.Count(o.Dropped)} arrivals dropped at the in-flight cap, p99 {Format.Ms(o.P99Ms)}, {recovery})");
            });
            return new(VerdictKind.Overloaded,
                $"Valid, overloaded: {string.Join("; ", each)}" + (keptUp.Count > 0 ? $"; {string.Join(" and ", keptUp)} kept up" : "") + "." + caveatText);
        }
        return new(VerdictKind.Valid, (ran.Count > 0 ? "Valid: every shape kept up with the scenario." : "Valid: no problem found, but no scenario ran.") + caveatText);
    }

    private static void AddShapeFlags(List<ValidityFlag> flags, BenchSettings settings, ShapeReport shape)
    {
        var name = shape.Name;
        if (shape.Run is not { } run)
        {
            flags.Add(new(Severity.Error, name, "no run.json: the scenario did not run or did not finish"));
        }
        else
        {
            if (!run.Validity.Valid)
            {
                flags.Add(new(Severity.Error, name, "the load generator could not keep its schedule, so the arrivals were not the scenario's: " +
                    (run.Validity.Problems.Count > 0 ? string.Join("; ", run.Validity.Problems) : "no reason given")));
            }
            else
            {
                flags.AddRange(run.Validity.Problems.Select(p => new ValidityFlag(Severity.Warning, name, p)));
            }
            if (run.Overload.Overloaded)
            {
                flags.Add(new(Severity.Finding, name, OverloadText(run.Overload) +
                    " A finding about the shop, not a fault of the measurement: the generator kept its schedule, the shop held every slot."));
            }
            if (run.Validity.GeneratorCpuPercent > GeneratorCpuPercentLimit)
            {
                flags.Add(new(Severity.Warning, name, Format.Invariant(
                    $"the load generator used {run.Validity.GeneratorCpuPercent:0} % of the machine's CPU: it may have set the pace instead of the shop")));
            }
        }

        if (shape.Capacity is null)
        {
            flags.Add(settings.SkipCapacity
                ? new(Severity.Note, name, "capacity search skipped (--skip-capacity)")
                : new(Severity.Warning, name, "no capacity.json: the capacity search did not run or did not finish"));
        }
        else if (shape.Figures.CapacityIsLowerBound)
        {
            flags.Add(new(Severity.Warning, name, $"the capacity search passed every rate it tried: capacity is at least {Format.Number(shape.Figures.CapacityRate)} journeys/s, maybe more"));
        }
        else if (shape.Figures.CapacityBelowFirstStep)
        {
            flags.Add(new(Severity.Warning, name, $"no rate of the capacity search met the criterion: capacity is below {Format.Number(shape.Capacity.Steps.Min(s => s.Rate))} journeys/s"));
        }

        if (shape.Invariants.Count == 0)
        {
            flags.Add(new(Severity.Warning, name, "the invariants were not checked"));
        }
        foreach (var report in shape.Invariants)
        {
            foreach (var failed in report.Checks.Where(c => !c.Passed))
            {
                flags.Add(new(Severity.Error, name, $"invariant broken after the {report.After}: {failed.Title} — {failed.Detail}"));
            }
        }

        if (shape.ProcessSamples.Count < 2)
        {
            flags.Add(new(Severity.Warning, name, "no process samples: CPU and memory per process are missing"));
        }
        if (shape.Figures.ForeignCoresMean > ForeignCoresLimit)
        {
            flags.Add(new(Severity.Warning, name, Format.Invariant(
                $"processes outside the bench used {shape.Figures.ForeignCoresMean:0.00} cores on average during the scenario (a shared machine): latency and capacity are lower than on a quiet one")));
        }

        if (shape.Prometheus is not { } prometheus)
        {
            flags.Add(new(Severity.Warning, name, "no prometheus.json: outbox backlog, queue depth and request rates are missing"));
        }
        else
        {
            if (prometheus.Targets > 0 && prometheus.TargetsUp < prometheus.Targets)
            {
                flags.Add(new(Severity.Warning, name, $"Prometheus had {prometheus.TargetsUp} of {prometheus.Targets} targets up at the end"));
            }
            var failed = prometheus.Ranges.Concat(prometheus.Totals).Where(q => q.Error is not null).Select(q => q.Name).ToList();
            if (failed.Count > 0)
            {
                flags.Add(new(Severity.Note, name, "Prometheus did not answer: " + string.Join(", ", failed)));
            }
        }
    }
}
