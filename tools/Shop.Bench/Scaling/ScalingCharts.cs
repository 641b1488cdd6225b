using Shop.Bench.Rendering;
using Shop.Bench.Report;

namespace Shop.Bench.Scaling;

/// <summary>The charts of the scaling report: the scale-out curves against CPU quota and memory, and checkout p99 around each fault.</summary>
public static class ScalingCharts
{
    public const string MachineBoundMark = "machine-bound";

    public static IReadOnlyList<ChartSection> Build(ScalingReport report) =>
    [
        new("scale-out", "Scale-out curves",
            "Capacity of each deployment against what it costs: the sum of its replicas' CPU limits, and the resident memory of its hosts. " +
            "One line per shape and mix (dashed: the checkout-heavy mix); a ringed point was machine-bound, so beyond it the line measures the machine.",
            [CapacityAgainst(report, "capacity-cpu", "Capacity vs total CPU quota", "total CPU quota, cores", p => p.CpuQuotaCores),
             CapacityAgainst(report, "capacity-memory", "Capacity vs total memory", "total resident memory, MiB", p => p.MemoryMiB)]),
        new("isolation", "Isolation",
            "Checkout p99 under the same constant load before, during and after each fault, per shape (log scale).",
            report.Isolation.Select(e => e.Fault).Distinct(StringComparer.Ordinal).Select(f => IsolationBars(report, f)).ToList()),
    ];

    /// <summary>The name of a curve's line: "microservices · blackfriday".</summary>
    public static string SeriesName(string shape, string mix) => $"{shape} · {mix}";

    private static string CapacityAgainst(ScalingReport report, string id, string title, string xLabel, Func<ScalingPoint, double> cost)
    {
        var mixes = ScalingAnalysis.Mixes(report);
        var series = new List<ChartSeries>();
        foreach (var (shape, shapeIndex) in ScalingAnalysis.Shapes(report).Select((s, i) => (s, i)))
        {
            foreach (var (mix, mixIndex) in mixes.Select((m, i) => (m, i)))
            {
                var curve = ScalingAnalysis.Curve(report, shape, mix).OrderBy(cost).ToList();
                if (curve.Count == 0)
                {
                    continue;
                }
                series.Add(new ChartSeries(SeriesName(shape, mix), curve.Select(p => new Point(cost(p), p.Capacity)).ToList(),
                    ChartColors.For(shape, shapeIndex), Dashed: mixIndex > 0,
                    PointLabels: curve.Select(p => Format.Invariant(
                        $"{shape} {p.ReplicasText}, {mix}: {ScalingAnalysis.Capacity(p)} journeys/s on {Format.Number(p.CpuQuotaCores)} cores of quota, {Format.MiB(p.MemoryMiB)}{(p.MachineBound ? ", machine-bound" : "")}")).ToList(),
                    PointMarks: curve.Select(p => p.MachineBound ? MachineBoundMark : "").ToList()));
            }
        }
        return SvgChart.Line(id, title, xLabel, "journeys/s at checkout p99 ≤ 1 s", series, xMin: 0);
    }

    private static string IsolationBars(ScalingReport report, string fault)
    {
        var experiments = ScalingAnalysis.Shapes(report)
            .Select(s => report.Isolation.FirstOrDefault(e => e.Shape == s && e.Fault == fault)).OfType<IsolationExperiment>().ToList();
        var colors = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [IsolationWindowNames.Before] = "#9ca3af",
            [IsolationWindowNames.During] = "#dc2626",
            [IsolationWindowNames.After] = "#059669",
        };
        var series = IsolationWindowNames.All
            .Select(window => new BarSeries(window, experiments.Select(e => e.Window(window)?.CheckoutP99Ms).ToList(), colors[window]))
            .ToList();
        return SvgChart.Bars($"isolation-{fault}", $"Checkout p99, {ScalingAnalysis.FaultName(fault)} (ms, log scale)", "ms",
            experiments.Select(e => e.Shape).ToList(), series, logY: true, threshold: new ChartThreshold(report.Conditions.CheckoutP99Ms is > 0 and var p99 ? p99 : 1000, "criterion"));
    }
}
