using Shop.Bench.Report;

namespace Shop.Bench.Rendering;

/// <summary>A table of the report, written once and rendered both as Markdown and as HTML; numeric columns are aligned right.</summary>
public sealed record Table(string Id, string Title, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows, IReadOnlySet<int> NumericColumns);

public static class ReportTables
{
    public static Table SideBySide(BenchReport report)
    {
        var micro = report.Shape(ShapeNames.Microservices);
        var mono = report.Shape(ShapeNames.Monolith);
        var comparison = report.Comparison;
        var m = micro?.Figures;
        var o = mono?.Figures;
        var rows = new List<IReadOnlyList<string>>
        {
            Row("Capacity (journeys/s, checkout p99 ≤ 1 s, errors < 0.1 %)", CapacityText(m), CapacityText(o),
                Format.Ratio(comparison?.CapacityRatio, comparison?.CapacityRatioBound ?? RatioBound.Exact)),
            Row("Capacity (HTTP requests/s)", Format.Number(m?.CapacityRequestsPerSecond), Format.Number(o?.CapacityRequestsPerSecond), Format.Ratio(Ratios.Of(m?.CapacityRequestsPerSecond, o?.CapacityRequestsPerSecond))),
            Row("Capacity ÷ plain endpoint through the gateway", Format.Percent(m?.CapacityShareOfGatewayCeiling), Format.Percent(o?.CapacityShareOfGatewayCeiling), ""),
            Row("Capacity ÷ plain endpoint direct", Format.Percent(m?.CapacityShareOfDirectCeiling), Format.Percent(o?.CapacityShareOfDirectCeiling), ""),
            Row("Checkout p50, scenario", Format.Ms(m?.CheckoutP50Ms), Format.Ms(o?.CheckoutP50Ms), Format.Ratio(Ratios.Of(m?.CheckoutP50Ms, o?.CheckoutP50Ms))),
            Row("Checkout p99, scenario (same arrival schedule)", Format.Ms(m?.CheckoutP99Ms), Format.Ms(o?.CheckoutP99Ms), Format.Ratio(comparison?.CheckoutP99Ratio)),
        };
        if (comparison?.EqualLoad is { } equal)
        {
            rows.Add(Row($"Checkout p99 at {Format.Number(equal.Rate)} journeys/s (capacity search)", Format.Ms(equal.MicroservicesCheckoutP99Ms), Format.Ms(equal.MonolithCheckoutP99Ms),
                Format.Ratio(Ratios.Of(equal.MicroservicesCheckoutP99Ms, equal.MonolithCheckoutP99Ms))));
        }
        rows.AddRange(
        [
            Row("Arrival rate achieved ÷ asked, scenario", Format.Percent(Ratios.Of(m?.AchievedRate, m?.TargetRate)), Format.Percent(Ratios.Of(o?.AchievedRate, o?.TargetRate)), ""),
            Row("Kept up with the scenario (arrivals dropped at the in-flight cap)", KeptUp(m), KeptUp(o), ""),
            Row("p99 while overloaded / before", OverloadP99(m), OverloadP99(o), ""),
            Row("Recovered (p99 back within 2× the one before)", Recovery(m), Recovery(o), ""),
            Row("Errors per request, scenario", Format.Percent(m?.ErrorRatio), Format.Percent(o?.ErrorRatio), ""),
            Row("Orders accepted / confirmed / cancelled", Orders(m), Orders(o), ""),
            Row("CPU-seconds per 1,000 orders (Shop + servers)", Format.Number(m?.CpuSecondsPerThousandOrders), Format.Number(o?.CpuSecondsPerThousandOrders), Format.Ratio(comparison?.CpuPerOrderRatio)),
            Row("CPU-seconds, Shop processes / servers", Pair(m?.CpuSecondsShop, m?.CpuSecondsServers), Pair(o?.CpuSecondsShop, o?.CpuSecondsServers), ""),
            Row("Busy cores, mean / peak (whole machine)", Pair(m?.MachineBusyCoresMean, m?.MachineBusyCoresPeak), Pair(o?.MachineBusyCoresMean, o?.MachineBusyCoresPeak), ""),
            Row("Memory of Shop processes, idle", Format.MiB(m?.IdleMemoryMiBShop), Format.MiB(o?.IdleMemoryMiBShop), Format.Ratio(comparison?.IdleMemoryRatio)),
            Row("Memory of Shop processes, peak", Format.MiB(m?.PeakMemoryMiBShop), Format.MiB(o?.PeakMemoryMiBShop), Format.Ratio(comparison?.PeakMemoryRatio)),
            Row("Memory of servers, peak (PSS for PostgreSQL)", Format.MiB(m?.PeakMemoryMiBServers), Format.MiB(o?.PeakMemoryMiBServers), Format.Ratio(Ratios.Of(m?.PeakMemoryMiBServers, o?.PeakMemoryMiBServers))),
        ]);
        if (report.Footprint is { } footprint)
        {
            var fm = footprint.Shapes.GetValueOrDefault(ShapeNames.Microservices);
            var fo = footprint.Shapes.GetValueOrDefault(ShapeNames.Monolith);
            rows.Add(Row("Idle RSS (footprint.sh)", Format.MiB(fm?.RssMiB), Format.MiB(fo?.RssMiB), Format.Ratio(comparison?.FootprintMemoryRatio)));
            rows.Add(Row("Start to ready (footprint.sh)", Format.Seconds(fm?.StartToReadySeconds), Format.Seconds(fo?.StartToReadySeconds), Format.Ratio(comparison?.StartToReadyRatio)));
        }
        rows.AddRange(
        [
            Row("Messages consumed per order", Format.Number(m?.MessagesPerOrder), Format.Number(o?.MessagesPerOrder), Format.Ratio(comparison?.MessagesPerOrderRatio)),
            Row("Peak outbox backlog, scenario", Format.Number(m?.PeakOutboxBacklog), Format.Number(o?.PeakOutboxBacklog), ""),
            Row("Peak RabbitMQ queue depth, scenario", Format.Number(m?.PeakQueueDepth), Format.Number(o?.PeakQueueDepth), ""),
            Row("Invariants", Passed(m?.InvariantsPassed), Passed(o?.InvariantsPassed), ""),
            Row("./shop up (build, migrate, start)", Format.Seconds(micro?.Start.UpSeconds), Format.Seconds(mono?.Start.UpSeconds), ""),
        ]);
        return new Table("side-by-side", "Side by side", ["Figure", "Microservices", "Monolith", "Microservices ÷ monolith"], rows, new HashSet<int> { 1, 2, 3 });
    }

    public static Table GoalsTable(BenchReport report) => new(
        "goals", "Goals",
        ["Goal", "Target", "Achieved", "Status", "How"],
        report.Goals.Select(g => (IReadOnlyList<string>)[g.Description, "≥ " + Format.Ratio(g.Target), Format.Ratio(g.Achieved, g.Bound), StatusText(g.Status), g.Note]).ToList(),
        new HashSet<int> { 1, 2 });

    public static Table Ceilings(BenchReport report)
    {
        var c = report.Ceilings;
        var rows = new List<IReadOnlyList<string>>();
        foreach (var wrk in new[] { c.PlainDirect, c.PlainThroughGateway }.OfType<WrkResult>())
        {
            rows.Add(Row($"wrk, {wrk.Case} ({wrk.Connections} connections, {wrk.Duration})", Format.Number(wrk.Rps), Format.Ms(wrk.P50Ms), Format.Ms(wrk.P99Ms)));
        }
        if (c.Generator is { } generator)
        {
            rows.Add(Row("Shop.LoadTest max-rate, plain direct", Format.Number(generator.RequestsPerSecond), Format.Missing, Format.Ms(generator.P99Ms)));
        }
        rows.Add(Row("Through the gateway ÷ direct", Format.Ratio(c.GatewayToDirect), "", ""));
        rows.Add(Row("Generator ÷ wrk, same endpoint", Format.Ratio(c.GeneratorToWrk), "", ""));
        return new Table("ceilings", "Machine ceilings (same run)", ["Case", "Requests/s", "p50", "p99"], rows, new HashSet<int> { 1, 2, 3 });
    }

    public static IReadOnlyList<Table> Invariants(BenchReport report) =>
        report.Shapes.Where(s => s.Invariants.Count > 0).Select(s => new Table(
            $"invariants-{s.Name}", $"Invariants, {s.Name}",
            ["Check", "After", "Result", "Detail"],
            s.Invariants.SelectMany(r => r.Checks.Select(c => Row(c.Title, $"{r.After} (settled in {Format.Seconds(r.SettleSeconds)})", c.Passed ? "passed" : "FAILED", c.Detail))).ToList(),
            new HashSet<int>())).ToList();

    public static Table? Footprint(BenchReport report)
    {
        if (report.Footprint is not { } footprint)
        {
            return null;
        }
        var rows = new List<IReadOnlyList<string>>();
        foreach (var (shape, figures) in footprint.Shapes)
        {
            rows.Add(Row($"{shape} (total)", Format.MiB(figures.RssMiB), Format.Seconds(figures.StartToReadySeconds)));
            rows.AddRange(figures.Processes.Select(p => Row($"{shape}: {p.Name}", Format.MiB(p.RssMiB), Format.Seconds(p.StartToReadySeconds))));
        }
        return new Table("footprint", "Idle footprint (deploy/local/footprint.sh)", ["Process", "RSS", "Start to ready"], rows, new HashSet<int> { 1, 2 });
    }

    public static IReadOnlyList<Table> CapacitySteps(BenchReport report) =>
        report.Shapes.Where(s => s.Capacity is { Steps.Count: > 0 }).Select(s => new Table(
            $"capacity-{s.Name}", $"Capacity search, {s.Name}",
            ["Rate asked (journeys/s)", "Achieved", "Checkout p99", "p99, all requests", "Errors", "Criterion"],
            s.Capacity!.Steps.Select(step => Row(Format.Number(step.Rate), Format.Number(step.AchievedRate), Format.Ms(step.CheckoutP99Ms), Format.Ms(step.P99Ms),
                Format.Percent(step.ErrorRatio), step.Passed ? "met" : "missed")).ToList(),
            new HashSet<int> { 0, 1, 2, 3, 4 })).ToList();

    public static Table Steps(BenchReport report)
    {
        var shapes = report.Shapes.Where(s => s.Run is not null).ToList();
        var names = shapes.SelectMany(s => s.Run!.Steps.Select(step => step.Name)).Distinct(StringComparer.Ordinal).ToList();
        var headers = new List<string> { "Step" };
        foreach (var shape in shapes)
        {
            headers.AddRange([$"{shape.Name} count", "p50", "p99", "errors"]);
        }
        var rows = names.Select(name =>
        {
            var row = new List<string> { name };
            foreach (var shape in shapes)
            {
                var step = shape.Run!.Steps.FirstOrDefault(s => s.Name == name);
                row.AddRange(step is null
                    ? [Format.Missing, Format.Missing, Format.Missing, Format.Missing]
                    : [Format.Count(step.Count), Format.Ms(step.P50Ms), Format.Ms(step.P99Ms), Format.Count(step.Errors)]);
            }
            return (IReadOnlyList<string>)row;
        }).ToList();
        return new Table("steps", "Latency per step, scenario", headers, rows, Enumerable.Range(1, headers.Count - 1).ToHashSet());
    }

    public static Table CpuByComponent(BenchReport report)
    {
        var shapes = report.Shapes.Where(s => s.Figures.OrdersAccepted > 0 && s.Figures.CpuSecondsByComponent.Count > 0).ToList();
        var components = shapes.SelectMany(s => s.Figures.CpuSecondsByComponent.Keys).Distinct(StringComparer.Ordinal).ToList();
        var rows = components.Select(component => (IReadOnlyList<string>)[
            component,
            .. shapes.Select(s => Format.Number(s.Figures.CpuSecondsByComponent.GetValueOrDefault(component) * 1000 / s.Figures.OrdersAccepted)),
        ]).ToList();
        return new Table("cpu-by-component", "CPU-seconds per 1,000 orders, by component",
            ["Component", .. shapes.Select(s => s.Name)], rows, Enumerable.Range(1, shapes.Count).ToHashSet());
    }

    public static string StatusText(GoalStatus status) => status switch
    {
        GoalStatus.Met => "met",
        GoalStatus.NotMet => "not met",
        _ => "not measured",
    };

    private static string[] Row(params string[] cells) => cells;

    private static string CapacityText(ShapeFigures? figures) =>
        figures?.CapacityRate is { } rate ? (figures.CapacityIsLowerBound ? "≥ " : "") + Format.Number(rate) : Format.Missing;

    private static string Orders(ShapeFigures? figures) =>
        figures is null || figures.OrdersAccepted == 0
            ? Format.Missing
            : $"{Format.Count(figures.OrdersAccepted)} / {Format.Count(figures.OrdersConfirmed)} / {Format.Count(figures.OrdersCancelled)}";

    private static string KeptUp(ShapeFigures? figures) => figures?.Overload switch
    {
        null => Format.Missing,
        { Overloaded: false } => "kept up",
        var o => Format.Invariant($"no: {o.FirstSecond}–{o.LastSecond} s, {Format.Count(o.Dropped)} dropped ({Format.Percent(o.DroppedRatio)})"),
    };

    private static string OverloadP99(ShapeFigures? figures) =>
        figures?.Overload is { Overloaded: true } o ? $"{Format.Ms(o.P99Ms)} / {Format.Ms(o.P99BeforeMs)}" : Format.Missing;

    private static string Recovery(ShapeFigures? figures) => figures?.Overload switch
    {
        { Overloaded: true, RecoveredSecond: { } second } o => Format.Invariant($"at {second} s ({second - o.LastSecond} s after the last drop)"),
        { Overloaded: true } => "not by the end of the run",
        _ => Format.Missing,
    };

    private static string Pair(double? a, double? b) => a is null && b is null ? Format.Missing : $"{Format.Number(a)} / {Format.Number(b)}";

    private static string Passed(bool? passed) => passed switch
    {
        true => "all held",
        false => "BROKEN",
        null => Format.Missing,
    };
}
