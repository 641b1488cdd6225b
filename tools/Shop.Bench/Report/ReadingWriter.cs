namespace Shop.Bench.Report;

/// <summary>
/// The plain-language reading of a bench: each paragraph says what the figures show and why, and which sentence is
/// used depends on the figures themselves (a close result reads differently from a lopsided one).
/// </summary>
public static class ReadingWriter
{
    /// <summary>Published microservices ÷ monolith capacity comparisons range over these ratios.</summary>
    public const double PublishedLow = 0.21;
    public const double PublishedHigh = 0.94;

    /// <summary>A machine busy on at least this share of its cores was saturated.</summary>
    public const double SaturatedShare = 0.9;

    public static IReadOnlyList<string> Write(BenchReport report)
    {
        var micro = report.Shape(ShapeNames.Microservices);
        var mono = report.Shape(ShapeNames.Monolith);
        var paragraphs = new List<string?>
        {
            Capacity(micro, mono, report.Comparison),
            CpuPerOrder(micro, mono, report.Comparison),
            HopsAndSerialization(micro, mono, report.Ceilings),
            Latency(micro, mono, report.Comparison),
            Overload(micro, mono, report.Settings.ScaleChoice),
            SaturationAndScaling(micro, report.Comparison, report.Machine, report.Settings),
            Memory(micro, mono, report.Comparison, report.Footprint),
            PublishedRange(report.Comparison, report.Machine),
            Invariants(report.Shapes),
            Generator(report.Ceilings, report.Shapes),
        };
        return paragraphs.OfType<string>().ToList();
    }

    public static string? Capacity(ShapeReport? micro, ShapeReport? mono, Comparison? comparison)
    {
        var measured = new[] { micro, mono }.Where(s => s?.Figures.CapacityRate is not null).Select(s => s!).ToList();
        if (measured.Count == 0)
        {
            return null;
        }
        if (measured.Count == 2 && measured.All(s => s.Figures.CapacityIsLowerBound))
        {
            return $"Both capacity searches passed every rate they tried (microservices up to {Format.Number(micro!.Figures.CapacityRate)} journeys/s, " +
                $"the monolith up to {Format.Number(mono!.Figures.CapacityRate)}): " +
                "both capacities are higher, by unknown amounts, so their ratio is unknown. Run the search with a higher --max-rate.";
        }
        if (measured.Count == 1 || comparison?.CapacityRatio is not { } ratio)
        {
            return string.Join(" ", measured.Select(s => $"{Title(s.Name)} sustained {(s.Figures.CapacityIsLowerBound ? "at least " : "")}{Rate(s.Figures)} with checkout p99 ≤ 1 s and under 0.1 % errors.")) +
                " Without both shapes' capacity there is no ratio.";
        }
        var bound = comparison.CapacityRatioBound;
        var qualifier = bound switch
        {
            RatioBound.AtLeast => "at least ",
            RatioBound.AtMost => "at most ",
            _ => "",
        };
        var goal = Format.Ratio(Goals.CapacityRatioTarget);
        var verdict = (ratio >= Goals.CapacityRatioTarget, bound) switch
        {
            (true, not RatioBound.AtMost) => $"which meets the goal of {goal}.",
            (false, not RatioBound.AtLeast) => $"short of the goal of {goal}.",
            _ => $"which does not yet decide the goal of {goal}.",
        };
        var text = $"Microservices sustained {(micro!.Figures.CapacityIsLowerBound ? "at least " : "")}{Rate(micro.Figures)} and the monolith " +
            $"{(mono!.Figures.CapacityIsLowerBound ? "at least " : "")}{Rate(mono.Figures)} with checkout p99 ≤ 1 s and under 0.1 % errors: " +
            $"microservices reach {qualifier}{Format.Ratio(ratio)} of the monolith's capacity, {verdict}";
        if (bound != RatioBound.Exact)
        {
            var open = bound == RatioBound.AtLeast ? ShapeNames.Microservices : ShapeNames.Monolith;
            text += $" The search of {open} passed every rate it tried, so its capacity is a lower bound.";
        }
        if (ratio > 1.05 && bound != RatioBound.AtMost)
        {
            text += " Microservices sustaining more than the monolith means the monolith hit a limit other than CPU work (one process's thread pool or connection pool shared by every module).";
        }
        return text;
    }

    public static string? CpuPerOrder(ShapeReport? micro, ShapeReport? mono, Comparison? comparison)
    {
        if (micro?.Figures.CpuSecondsPerThousandOrders is not { } m || mono?.Figures.CpuSecondsPerThousandOrders is not { } o || comparison?.CpuPerOrderRatio is not { } ratio)
        {
            return null;
        }
        var text = $"Per 1,000 orders the microservices used {Format.Number(m)} CPU-seconds and the monolith {Format.Number(o)} ({Format.Ratio(ratio)}×), counting Shop's processes and the servers they use over the scenario and until the orders settled.";
        if (ratio < 0.95)
        {
            return text + " Microservices spending less CPU per order is unusual; it points at contention inside the single monolith process (locks, pools) rather than at work.";
        }
        if (ratio < 1.1)
        {
            return text + " That is about the same: the work of an order (database writes, stock, payment) dominates what the extra hops cost.";
        }
        var extra = ExtraCpuByComponent(micro.Figures, mono.Figures);
        var total = extra.Values.Where(v => v > 0).Sum();
        var parts = extra.Where(e => total > 0 && e.Value / total >= 0.1).OrderByDescending(e => e.Value)
            .Select(e => $"{Format.Percent(e.Value / total)} to {ComponentPhrase(e.Key)}").ToList();
        return parts.Count == 0 ? text : text + $" Of the extra {Format.Number(total)} CPU-seconds per 1,000 orders, {JoinAnd(parts)}.";
    }

    public static string? HopsAndSerialization(ShapeReport? micro, ShapeReport? mono, Ceilings ceilings)
    {
        var sentences = new List<string>();
        if (micro?.Figures.MessagesPerOrder is { } m && mono?.Figures.MessagesPerOrder is { } o)
        {
            sentences.Add($"Each order caused {Format.Number(m)} message deliveries in microservices, every one serialized to JSON, written to RabbitMQ over loopback, routed and read back by another process, " +
                $"against {Format.Number(o)} in the monolith, where they stay in memory.");
        }
        if (micro is not null && Share(micro.Figures, "rabbitmq") is { } broker && broker >= 0.1)
        {
            sentences.Add($"RabbitMQ alone used {Format.Percent(broker)} of the microservices' CPU.");
        }
        if (micro is not null && mono is not null && Share(micro.Figures, "gateway") is { } g1 && Share(mono.Figures, "gateway") is { } g2)
        {
            sentences.Add($"Both shapes pay the same HTTP hop through the gateway (it used {Format.Percent(g1)} and {Format.Percent(g2)} of the CPU)" +
                (ceilings.GatewayToDirect is { } hop
                    ? $"; on this machine a proxied request costs extra loopback system calls, and a trivial endpoint through the gateway reaches {Format.Ratio(hop)} of its direct rate."
                    : "."));
        }
        return sentences.Count == 0 ? null : string.Join(" ", sentences);
    }

    public static string? Latency(ShapeReport? micro, ShapeReport? mono, Comparison? comparison)
    {
        var sentences = new List<string>();
        if (micro?.Figures.CheckoutP99Ms is { } m && mono?.Figures.CheckoutP99Ms is { } o && comparison?.CheckoutP99Ratio is { } ratio)
        {
            var opening = $"Under the same arrival schedule, checkout p99 was {Format.Ms(m)} in microservices and {Format.Ms(o)} in the monolith";
            sentences.Add(ratio >= 1.5
                ? opening + ": the extra hops, and the queueing behind a busier CPU, show in the tail."
                : ratio <= 1 / 1.5
                    ? opening + ": the monolith's tail was longer, as one process's thread pool and garbage collector serve every module, so a burst in one delays the others."
                    : opening + ": close, as at this load the tail is set by the database and the simulated payment more than by the hops.");
        }
        if (comparison?.EqualLoad is { MicroservicesCheckoutP99Ms: { } a, MonolithCheckoutP99Ms: { } b } equal)
        {
            sentences.Add($"At {Format.Number(equal.Rate)} journeys/s, the highest capacity-search rate both ran, checkout p99 was {Format.Ms(a)} against {Format.Ms(b)}.");
        }
        return sentences.Count == 0 ? null : string.Join(" ", sentences);
    }

    /// <summary>Whether each shape kept up with the scenario's peak, and if not, for how long and how it recovered.</summary>
    public static string? Overload(ShapeReport? micro, ShapeReport? mono, ScaleChoice? scale)
    {
        var ran = new[] { micro, mono }.Where(s => s?.Figures.Overload is not null).Select(s => s!).ToList();
        if (ran.Count == 0)
        {
            return null;
        }
        var schedule = ran.Count == 2 ? "Under the same arrival schedule" : "Under the scenario's schedule";
        if (scale is { Source: ScaleSource.Capacity, PeakRate: { } peak, PeakToCapacity: { } multiple, CapacityRate: { } capacity, CapacityShape: { } slower })
        {
            schedule += $", its peak {Format.Number(peak)} journeys/s ({Format.Number(multiple)} × the capacity of {slower}, {Format.Number(capacity)} journeys/s)";
        }
        var overloaded = ran.Where(s => s.Figures.Overload!.Overloaded).ToList();
        if (overloaded.Count == 0)
        {
            return $"{schedule}, {(ran.Count == 2 ? "both shapes" : ran[0].Name)} kept up: no arrival found every slot of the generator held.";
        }
        var sentences = new List<string>();
        foreach (var shape in overloaded)
        {
            var o = shape.Figures.Overload!;
            var recovery = o.RecoveredSecond is { } second
                ? $"it recovered at {second} s, {second - o.LastSecond} s after the last drop, once the rate fell below what it sustains"
                : "it had not recovered when the run ended";
            sentences.Add(Format.Invariant($"{shape.Name} did not keep up from {o.FirstSecond} s to {o.LastSecond} s: ") +
                $"{Format.Count(o.Dropped)} arrivals ({Format.Percent(o.DroppedRatio)}) found all {Format.Count(o.MaxConcurrency)} of the generator's slots held by journeys waiting on it and were dropped, " +
                $"and the p99 of every request went from {Format.Ms(o.P99BeforeMs)} before to {Format.Ms(o.P99Ms)}; {recovery}.");
        }
        var keptUp = ran.Except(overloaded).ToList();
        if (keptUp.Count > 0)
        {
            sentences.Add($"{Title(keptUp[0].Name)} kept up with the same schedule.");
        }
        sentences.Add("An overload is what the shop did with the load, not a fault of the measurement: the generator kept its schedule, and the journeys that ran are timed from when they were due.");
        return schedule + ": " + string.Join(" ", sentences);
    }

    public static string? SaturationAndScaling(ShapeReport? micro, Comparison? comparison, MachineInfo machine, BenchSettings settings)
    {
        if (micro is null || machine.Cores <= 0)
        {
            return null;
        }
        var sentences = new List<string>();
        var saturated = micro.Figures.MachineBusyCoresPeak is { } peak && peak >= SaturatedShare * machine.Cores;
        if (micro.Figures.MachineBusyCoresPeak is { } busyPeak)
        {
            // On a shared machine part of that may be other people's work, which the reader must know before trusting it.
            var foreign = micro.Figures.ForeignCoresMean is > ValidityChecks.ForeignCoresLimit and var others
                ? $" ({Format.Number(others)} cores on average went to processes outside the bench)"
                : "";
            sentences.Add(saturated
                ? $"At the peak of the scenario the machine was busy on {Format.Number(busyPeak)} of its {machine.Cores} cores{foreign}, so throughput here is bought with CPU: the shape that spends less CPU per order serves more orders."
                : $"At the peak of the scenario the machine was busy on {Format.Number(busyPeak)} of its {machine.Cores} cores{foreign}: it had CPU to spare, so what limited the shop was waiting (database, queues), not CPU.");
        }
        if (saturated && comparison is { CpuPerOrderRatio: > 0 and var cpuRatio, CapacityRatio: { } capacityRatio, CapacityRatioBound: RatioBound.Exact })
        {
            var predicted = 1 / cpuRatio;
            sentences.Add(Math.Abs(predicted - capacityRatio) <= 0.2 * capacityRatio
                ? $"1 ÷ the CPU-per-order ratio predicts a capacity ratio of {Format.Ratio(predicted)}, close to the measured {Format.Ratio(capacityRatio)}: CPU per order explains the difference."
                : $"1 ÷ the CPU-per-order ratio predicts a capacity ratio of {Format.Ratio(predicted)}, while {Format.Ratio(capacityRatio)} was measured: CPU alone does not explain it, latency added by the hops counts too.");
        }
        var services = micro.Figures.CpuSecondsByProcess
            .Where(p => ShapeFiguresCalculator.ComponentOf(p.Key) == "application")
            .GroupBy(p => Sampling.ProcessRoles.ServiceOf(p.Key), StringComparer.Ordinal)
            .Select(g => (Service: g.Key, Seconds: g.Sum(p => p.Value)))
            .OrderByDescending(s => s.Seconds)
            .ToList();
        var serviceTotal = services.Sum(s => s.Seconds);
        if (services.Count > 1 && serviceTotal > 0)
        {
            var busiest = services[0];
            var idleCores = micro.Figures.MachineBusyCoresMean is { } mean ? machine.Cores - mean : (double?)null;
            sentences.Add($"The busiest service was {busiest.Service} ({Format.Percent(busiest.Seconds / serviceTotal)} of the services' CPU). " +
                $"Microservices can give just that service more replicas (--replicas {busiest.Service}=2), the per-service scaling a monolith can only do by copying everything; " +
                (saturated || idleCores is < 0.5
                    ? $"but a replica adds capacity only where cores are idle, and on {machine.Cores} cores there were none to give."
                    : $"with {Format.Number(idleCores)} cores idle on average there was room for it."));
        }
        if (!string.IsNullOrEmpty(settings.Replicas))
        {
            sentences.Add($"This bench ran with --replicas {settings.Replicas}.");
        }
        if (!string.IsNullOrEmpty(settings.Cpus))
        {
            sentences.Add($"Its replicas ran with CPU limits (--cpus {settings.Cpus}), each in a cgroup of its own like a Kubernetes pod's: a limited replica is throttled at its quota even while cores are idle.");
        }
        return sentences.Count == 0 ? null : string.Join(" ", sentences);
    }

    public static string? Memory(ShapeReport? micro, ShapeReport? mono, Comparison? comparison, Footprint? footprint)
    {
        var sentences = new List<string>();
        if (micro?.Figures.IdleMemoryMiBShop is { } idleMicro && mono?.Figures.IdleMemoryMiBShop is { } idleMono)
        {
            sentences.Add($"Idle, the gateway and the services held {Format.MiB(idleMicro)} against {Format.MiB(idleMono)} for the gateway and the monolith ({Format.Ratio(comparison?.IdleMemoryRatio)}×)" +
                (micro.Figures.PeakMemoryMiBShop is { } a && mono.Figures.PeakMemoryMiBShop is { } b ? $"; at peak load {Format.MiB(a)} against {Format.MiB(b)}." : "."));
        }
        else if (micro?.Figures.PeakMemoryMiBShop is { } a && mono?.Figures.PeakMemoryMiBShop is { } b)
        {
            sentences.Add($"At peak load the gateway and the services held {Format.MiB(a)} against {Format.MiB(b)} for the gateway and the monolith ({Format.Ratio(comparison?.PeakMemoryRatio)}×).");
        }
        if (footprint?.Shapes.GetValueOrDefault(ShapeNames.Microservices) is { } fm && footprint.Shapes.GetValueOrDefault(ShapeNames.Monolith) is { } fo)
        {
            sentences.Add($"footprint.sh measured {Format.MiB(fm.RssMiB)} against {Format.MiB(fo.RssMiB)} idle, and {Format.Seconds(fm.StartToReadySeconds)} against {Format.Seconds(fo.StartToReadySeconds)} from start to ready.");
        }
        if (sentences.Count > 0 && (comparison?.IdleMemoryRatio ?? comparison?.PeakMemoryRatio ?? comparison?.FootprintMemoryRatio) is > 1.2)
        {
            sentences.Add("Each .NET process carries its own runtime, JIT-compiled code, garbage-collected heap and connection pools; the monolith pays for them once.");
        }
        return sentences.Count == 0 ? null : string.Join(" ", sentences);
    }

    public static string? PublishedRange(Comparison? comparison, MachineInfo machine)
    {
        // A bound cannot be placed in a range.
        if (comparison is not { CapacityRatio: { } ratio, CapacityRatioBound: RatioBound.Exact })
        {
            return null;
        }
        var position = ratio < PublishedLow ? "below"
            : ratio < 0.45 ? "in the lower part of"
            : ratio <= 0.7 ? "in the middle of"
            : ratio <= PublishedHigh ? "in the upper part of"
            : "above";
        var because = ratio < 0.45
            ? $"as expected with every process on {machine.Cores} cores: each extra hop is CPU taken from serving orders, while the comparisons at the high end gave each service machines of its own, where hops cost latency but not capacity."
            : ratio <= 0.7
                ? "the hops cost a visible but not a dominant share of the work per order here."
                : "most of the work per order (database writes, stock reservation, the payment step) is the same in both shapes, so the hops are a small part of it.";
        return $"Published comparisons range from {Format.Ratio(PublishedLow)} to {Format.Ratio(PublishedHigh)}; ours, {Format.Ratio(ratio)}, is {position} that range: {because}";
    }

    public static string? Invariants(IReadOnlyList<ShapeReport> shapes)
    {
        var checkedShapes = shapes.Where(s => s.Invariants.Count > 0).ToList();
        if (checkedShapes.Count == 0)
        {
            return null;
        }
        var broken = checkedShapes
            .SelectMany(s => s.Invariants.SelectMany(r => r.Checks.Where(c => !c.Passed).Select(c => $"{c.Title} ({s.Name}, after the {r.After})")))
            .ToList();
        return broken.Count == 0
            ? $"Every invariant held in {JoinAnd(checkedShapes.Select(s => s.Name).ToList())}: no order lost or duplicated, stock conserved, reports equal to the orders."
            : $"Broken invariants: {string.Join("; ", broken)}. The figures of that shape describe a shop that lost correctness under load.";
    }

    public static string? Generator(Ceilings ceilings, IReadOnlyList<ShapeReport> shapes)
    {
        if (ceilings.Generator is not { } generator || ceilings.PlainDirect is not { } wrk || ceilings.GeneratorToWrk is not { } ratio)
        {
            return null;
        }
        var text = $"The load generator reached {Format.Number(generator.RequestsPerSecond)} requests/s on the plain endpoint against wrk's {Format.Number(wrk.Rps)} ({Format.Ratio(ratio)}), " +
            (ratio >= Goals.GeneratorToWrkTarget ? "meeting" : "missing") + $" the goal of {Format.Ratio(Goals.GeneratorToWrkTarget)}";
        var busiest = shapes.Select(s => s.Figures.CapacityRequestsPerSecond).Where(v => v is > 0).Max();
        return busiest is { } capacity
            ? text + $"; at the highest capacity measured ({Format.Number(capacity)} requests/s) it had {Format.Number(generator.RequestsPerSecond / capacity)}× headroom."
            : text + ".";
    }

    /// <summary>CPU-seconds per 1,000 orders each component spent more in microservices than in the monolith.</summary>
    public static IReadOnlyDictionary<string, double> ExtraCpuByComponent(ShapeFigures micro, ShapeFigures mono)
    {
        var components = micro.CpuSecondsByComponent.Keys.Union(mono.CpuSecondsByComponent.Keys, StringComparer.Ordinal);
        return components.ToDictionary(c => c, c => PerThousand(micro, c) - PerThousand(mono, c), StringComparer.Ordinal);
    }

    private static double PerThousand(ShapeFigures figures, string component) =>
        figures.OrdersAccepted > 0 ? figures.CpuSecondsByComponent.GetValueOrDefault(component) * 1000 / figures.OrdersAccepted : 0;

    private static double? Share(ShapeFigures figures, string component)
    {
        var total = figures.CpuSecondsByComponent.Values.Sum();
        return total > 0 && figures.CpuSecondsByComponent.TryGetValue(component, out var value) ? value / total : null;
    }

    private static string ComponentPhrase(string component) => component switch
    {
        "rabbitmq" => "RabbitMQ (which the monolith does not need)",
        "application" => "the service processes (serializing and deserializing every message, and four runtimes instead of one)",
        "gateway" => "the gateway",
        "postgres" => "PostgreSQL (more connections and transactions: each service has its own outbox and inbox)",
        "redis" => "Redis",
        _ => component,
    };

    private static string Rate(ShapeFigures figures) =>
        $"{Format.Number(figures.CapacityRate)} journeys/s" +
        (figures.CapacityRequestsPerSecond is { } rps ? $" (about {Format.Number(rps)} requests/s)" : "");

    private static string Title(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];

    private static string JoinAnd(List<string> parts) => parts.Count switch
    {
        0 => "",
        1 => parts[0],
        _ => string.Join(", ", parts.Take(parts.Count - 1)) + " and " + parts[^1],
    };
}
