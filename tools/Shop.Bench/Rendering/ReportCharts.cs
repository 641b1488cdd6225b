using Shop.Bench.Prometheus;
using Shop.Bench.Report;
using Shop.Bench.Sampling;
using Shop.LoadTest.Reports;

namespace Shop.Bench.Rendering;

/// <summary>A group of charts under one heading; per-shape charts sit side by side with the same scales.</summary>
public sealed record ChartSection(string Id, string Title, string Explanation, IReadOnlyList<string> Figures);

/// <summary>Builds every chart of the report from its figures.</summary>
public static class ReportCharts
{
    private const string SecondsAxis = "seconds since the scenario started";
    private const double CheckoutCriterionMs = 1000;
    private const double IdleSecondsShown = 10;
    private const double TailSecondsShown = 10;

    public static IReadOnlyList<ChartSection> Build(BenchReport report)
    {
        var shapes = report.Shapes.Where(s => s.Run is not null).ToList();
        var sections = new List<ChartSection>
        {
            PerShape("arrival", "Arrival vs throughput",
                "Journeys per second the scenario asked for (target), started and completed. Completed below target means the shop fell behind.",
                shapes, ArrivalSeries, "journeys/s"),
            PerShape("latency", "Latency over time",
                "p50 and p99 of every request, and the checkout p99 the capacity criterion is about (log scale).",
                shapes, LatencySeries, "ms", logY: true, threshold: new ChartThreshold(CheckoutCriterionMs, "1 s")),
            PerShape("errors", "Errors over time",
                "Failed requests per second as the generator saw them, arrivals it dropped (too many journeys in flight), and 5xx answers per second by service as the servers counted them.",
                shapes, ErrorSeries, "per second"),
            PerShape("cpu", "CPU per process",
                "Cores in use by each process tree (sampled from /proc every second) and by the whole machine.",
                shapes, CpuSeries, "cores", fixedMax: report.Machine.Cores > 0 ? report.Machine.Cores : null),
            PerShape("memory", "Memory per process",
                "RSS of each process; PostgreSQL, a tree of backends sharing buffers, as PSS.",
                shapes, MemorySeries, "MiB"),
            PerShape("backlog", "Outbox backlog and queue depth",
                "Unsent outbox rows per module and messages waiting in RabbitMQ (Prometheus, every 5 s).",
                shapes, BacklogSeries, "messages"),
        };
        sections.Add(new ChartSection("comparison", "Side by side",
            "Per-step latency of the scenario, the capacity search and where the CPU went, both shapes in one chart.",
            [StepBars(shapes), CapacityChart(report.Shapes), CpuBars(report.Shapes)]));
        return sections;
    }

    private delegate IReadOnlyList<ChartSeries> SeriesOf(ShapeReport shape, RunReport run);

    private static ChartSection PerShape(string id, string title, string explanation, IReadOnlyList<ShapeReport> shapes, SeriesOf seriesOf,
        string yLabel, bool logY = false, ChartThreshold? threshold = null, double? fixedMax = null)
    {
        var all = shapes.Select(s => (Shape: s, Series: Clip(seriesOf(s, s.Run!), TimeWindow(s)))).ToList();
        // The same y scale for both shapes, so the eye can compare the two charts directly.
        var values = all.SelectMany(a => a.Series).SelectMany(s => s.Points).Select(p => p.Y).ToList();
        var yMax = fixedMax is { } max ? Math.Max(max, values.DefaultIfEmpty(0).Max()) : values.Count > 0 ? values.Max() : (double?)null;
        var figures = all.Select(a => SvgChart.Line($"{id}-{a.Shape.Name}", $"{title}: {a.Shape.Name}", SecondsAxis, yLabel, a.Series,
            yMax: yMax, logY: logY, threshold: threshold, markers: PhaseMarkers(a.Shape.Run!),
            xMin: TimeWindow(a.Shape).From, xMax: TimeWindow(a.Shape).To)).ToList();
        return new ChartSection(id, title, explanation, figures);
    }

    /// <summary>
    /// The part of the bench the time charts show: a little idle time before the scenario, the scenario, and the time
    /// the shape took to settle after it. The capacity search that follows has a chart of its own.
    /// </summary>
    private static (double From, double To) TimeWindow(ShapeReport shape)
    {
        var run = shape.Run!;
        var end = (ShapeFiguresCalculator.CostWindowEnd(run, shape.Invariants) - run.StartedAt).TotalSeconds;
        return (-IdleSecondsShown, Math.Max(run.DurationSeconds, end) + TailSecondsShown);
    }

    private static List<ChartSeries> Clip(IReadOnlyList<ChartSeries> series, (double From, double To) window) =>
        series.Select(s => s with { Points = s.Points.Where(p => p.X >= window.From && p.X <= window.To).ToList() }).ToList();

    private static List<ChartMarker> PhaseMarkers(RunReport run) =>
        run.Phases.Select(p => new ChartMarker(p.StartSecond, p.Name)).ToList();

    // The target is drawn last, dashed, so it stays visible where throughput follows it exactly.
    private static IReadOnlyList<ChartSeries> ArrivalSeries(ShapeReport shape, RunReport run) =>
    [
        new("started", run.Timeline.Select(t => new Point(t.Second, t.Started)).ToList(), "#60a5fa"),
        new("completed", run.Timeline.Select(t => new Point(t.Second, t.Completed)).ToList(), "#1d4ed8"),
        new("target", run.Timeline.Select(t => new Point(t.Second, t.TargetRate)).ToList(), "#111827", Dashed: true),
    ];

    private static IReadOnlyList<ChartSeries> LatencySeries(ShapeReport shape, RunReport run) =>
    [
        new("p50, all requests", Points(run.Timeline, t => t.P50Ms), "#60a5fa", Dashed: true),
        new("p99, all requests", Points(run.Timeline, t => t.P99Ms), "#1d4ed8"),
        new("checkout p99", Points(run.Timeline, t => t.Steps.GetValueOrDefault(StepNames.Checkout)?.P99Ms), "#d97706"),
    ];

    private static IReadOnlyList<ChartSeries> ErrorSeries(ShapeReport shape, RunReport run)
    {
        var series = new List<ChartSeries>
        {
            new("errors seen by the generator", run.Timeline.Select(t => new Point(t.Second, t.Errors)).ToList(), "#dc2626"),
            new("arrivals dropped by the generator", run.Timeline.Select(t => new Point(t.Second, t.Dropped)).ToList(), "#111827", Dashed: true),
        };
        series.AddRange(PrometheusSeries(shape, run, BenchQueries.ServerErrorsByService, "5xx "));
        return series;
    }

    private static IReadOnlyList<ChartSeries> CpuSeries(ShapeReport shape, RunReport run)
    {
        var usage = new ProcessUsage(shape.ProcessSamples);
        var series = usage.Names
            .Where(n => ProcessRoles.Of(n) is ProcessRole.Shop or ProcessRole.Server || ProcessRoles.ServiceOf(n) == "loadgen")
            .Select((n, i) => new ChartSeries(n, usage.CoresOverTime(n, run.StartedAt), ChartColors.For(n, i), Dashed: ProcessRoles.Of(n) != ProcessRole.Shop))
            .ToList();
        series.Add(new ChartSeries("machine (all processes)", usage.MachineBusyCoresOverTime(run.StartedAt), ChartColors.For("machine", 0), Dashed: true));
        return series;
    }

    private static IReadOnlyList<ChartSeries> MemorySeries(ShapeReport shape, RunReport run)
    {
        var usage = new ProcessUsage(shape.ProcessSamples);
        return usage.Names
            .Where(n => ProcessRoles.Of(n) is ProcessRole.Shop or ProcessRole.Server)
            .Select((n, i) => new ChartSeries(usage.IsTree(n) ? $"{n} (PSS)" : n, usage.MemoryMiBOverTime(n, run.StartedAt), ChartColors.For(n, i),
                Dashed: ProcessRoles.Of(n) == ProcessRole.Server))
            .ToList();
    }

    private static IReadOnlyList<ChartSeries> BacklogSeries(ShapeReport shape, RunReport run) =>
    [
        .. PrometheusSeries(shape, run, BenchQueries.OutboxPending, "outbox "),
        .. PrometheusSeries(shape, run, BenchQueries.BrokerQueueDepth, "RabbitMQ queued").Select(s => s with { Name = "RabbitMQ queued", Color = ChartColors.For("machine", 0), Dashed = true }),
    ];

    private static IEnumerable<ChartSeries> PrometheusSeries(ShapeReport shape, RunReport run, string query, string prefix)
    {
        var origin = new DateTimeOffset(run.StartedAt).ToUnixTimeMilliseconds() / 1000.0;
        return (shape.Prometheus?.Range(query)?.Series ?? [])
            .Where(s => s.Points.Count > 0)
            .Select((s, i) => new ChartSeries(prefix + s.DisplayName, s.Points.Select(p => new Point(p.Time - origin, p.Value)).ToList(),
                ChartColors.For(s.DisplayName, i)));
    }

    private static List<Point> Points(IEnumerable<TimelineSecond> timeline, Func<TimelineSecond, double?> value) =>
        timeline.Where(t => value(t) is not null).Select(t => new Point(t.Second, value(t)!.Value)).ToList();

    private static string StepBars(IReadOnlyList<ShapeReport> shapes)
    {
        var names = shapes.SelectMany(s => s.Run!.Steps.Select(step => step.Name)).Distinct(StringComparer.Ordinal).ToList();
        var series = new List<BarSeries>();
        foreach (var shape in shapes)
        {
            var color = ChartColors.For(shape.Name, series.Count);
            series.Add(new BarSeries($"{shape.Name} p50", names.Select(n => shape.Run!.Steps.FirstOrDefault(s => s.Name == n)?.P50Ms).ToList(), color + "88"));
            series.Add(new BarSeries($"{shape.Name} p99", names.Select(n => shape.Run!.Steps.FirstOrDefault(s => s.Name == n)?.P99Ms).ToList(), color));
        }
        return SvgChart.Bars("steps", "p50 and p99 per step, scenario (ms, log scale)", "ms", names, series, logY: true,
            threshold: new ChartThreshold(CheckoutCriterionMs, "1 s"));
    }

    private static string CapacityChart(IReadOnlyList<ShapeReport> shapes)
    {
        var series = shapes.Where(s => s.Capacity is { Steps.Count: > 0 }).Select((s, i) =>
        {
            var steps = s.Capacity!.Steps.OrderBy(step => step.Rate).ToList();
            return new ChartSeries(s.Name, steps.Select(step => new Point(step.Rate, step.CheckoutP99Ms)).ToList(), ChartColors.For(s.Name, i),
                PointLabels: steps.Select(step => Format.Invariant($"{s.Name}: {Format.Number(step.Rate)} journeys/s asked, checkout p99 {Format.Ms(step.CheckoutP99Ms)}, errors {Format.Percent(step.ErrorRatio)}, {(step.Passed ? "met" : "missed")}")).ToList(),
                PointPassed: steps.Select(step => step.Passed).ToList());
        }).ToList();
        return SvgChart.Line("capacity", "Capacity search: checkout p99 per arrival rate (filled: criterion met)", "journeys/s asked", "checkout p99, ms",
            series, logY: true, threshold: new ChartThreshold(CheckoutCriterionMs, "1 s criterion"));
    }

    private static string CpuBars(IReadOnlyList<ShapeReport> shapes)
    {
        var measured = shapes.Where(s => s.Figures.OrdersAccepted > 0 && s.Figures.CpuSecondsByComponent.Count > 0).ToList();
        var components = measured.SelectMany(s => s.Figures.CpuSecondsByComponent.Keys).Distinct(StringComparer.Ordinal).ToList();
        var series = measured.Select((s, i) => new BarSeries(s.Name,
            components.Select(c => (double?)(s.Figures.CpuSecondsByComponent.GetValueOrDefault(c) * 1000 / s.Figures.OrdersAccepted)).ToList(),
            ChartColors.For(s.Name, i))).ToList();
        return SvgChart.Bars("cpu-per-order", "CPU-seconds per 1,000 orders, by component", "CPU-seconds", components, series);
    }
}
