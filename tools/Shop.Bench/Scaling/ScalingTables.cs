using Shop.Bench.Rendering;
using Shop.Bench.Report;

namespace Shop.Bench.Scaling;

/// <summary>The tables of the scaling report, rendered both as Markdown and as HTML.</summary>
public static class ScalingTables
{
    public const string NoneReached = "none reached it";

    public static string Intro(ScalingReport report)
    {
        var machine = report.Machine;
        var conditions = report.Conditions;
        return
            $"Capacity (journeys/s with checkout p99 ≤ {Format.Ms(conditions.CheckoutP99Ms)}) of microservices and the monolith scaled out to {conditions.MaxReplicas} replicas, " +
            $"every replica limited to {Format.Number(conditions.ReplicaCpuLimit)} cores like a pod, on {machine.Cores} cores ({machine.CpuModel}, {Format.Number(machine.MemoryGiB)} GiB); " +
            $"then faults under a constant load of {Format.Percent(conditions.IsolationLoadShare)} of capacity. " +
            $"{(conditions.Quick ? "A --quick run: figures to check that the bench works, not to quote." : "A full run.")}";
    }

    public static Table Conditions(ScalingReport report)
    {
        var c = report.Conditions;
        var m = report.Machine;
        var rows = new List<IReadOnlyList<string>>
        {
            Row("Machine", Format.Invariant($"{m.Cores} cores, {m.CpuModel}, {Format.Number(m.MemoryGiB)} GiB, {m.Os}, kernel {m.Kernel}, {m.Runtime}")),
            Row("CPU limit per replica", Format.Invariant($"{Format.Number(c.ReplicaCpuLimit)} cores (a cgroup quota, like a pod's limit); the gateway is not limited and is counted apart")),
            Row("Replicas per host", Format.Invariant($"1 to {c.MaxReplicas}; microservices give the next replica to the most throttled host")),
            Row("Journey mixes", c.Mixes.Count == 0 ? Format.Missing : string.Join(", ", c.Mixes)),
            Row("Capacity criterion", "checkout p99 ≤ " + Format.Ms(c.CheckoutP99Ms)),
            Row("Step length", Format.Seconds(c.StepSeconds)),
            Row("Scenario peak", Format.Number(c.ScenarioPeakRate) + " journeys/s"),
            Row("Isolation load", Format.Invariant($"{Format.Percent(c.IsolationLoadShare)} of the deployment's capacity; windows of {Format.Seconds(c.WindowSeconds)} before, during and after")),
            Row("What else ran", c.OtherShopRunning ? "the Shop of ./shop up, sharing the cores" : "no other Shop"),
            Row("Mode", c.Quick ? "--quick: short steps and windows, figures not to quote" : "full"),
            Row("Run", Format.Invariant($"{report.StartedAt:yyyy-MM-dd HH:mm} to {report.EndedAt:HH:mm} UTC{(c.GitCommit.Length > 0 ? ", commit " + c.GitCommit : "")}")),
        };
        return new Table("scaling-conditions", "Conditions", ["Condition", "Value"], rows, new HashSet<int>());
    }

    public static Table Points(ScalingReport report)
    {
        var mixes = ScalingAnalysis.Mixes(report);
        var rows = mixes
            .SelectMany(mix => ScalingAnalysis.Shapes(report).SelectMany(shape => ScalingAnalysis.Curve(report, shape, mix)))
            .Select(p => (IReadOnlyList<string>)[
                p.Shape, p.Mix, p.ReplicasText, Format.Number(p.CpuQuotaCores), Format.Number(p.MemoryMiB), ScalingAnalysis.Capacity(p),
                Format.Number(p.CapacityPerCore),
                p.Bottleneck is null ? "none" : $"{p.Bottleneck} ({Format.Percent(p.BottleneckThrottledShare)} throttled)",
                Format.Number(p.GatewayCpuCores), Format.Percent(p.MachineBusyShare),
                // The reason is in the validity flags and the reading; here it would make every row of the table tall.
                p.MachineBound ? "yes" : "no",
            ])
            .ToList();
        return new Table("scaling-points", "Scale-out points",
            ["Shape", "Mix", "Replicas", "CPU quota (cores)", "Memory (MiB)", "Capacity (journeys/s)", "Capacity per core", "Bottleneck", "Gateway CPU (cores)", "Machine busy", "Machine-bound"],
            rows, new HashSet<int> { 3, 4, 5, 6, 8, 9 });
    }

    public static Table Cheapest(ScalingReport report)
    {
        var rows = report.Cheapest.Select(c => (IReadOnlyList<string>)(c.Point is { } p
            ? [c.Mix, c.Demand, c.Shape, p.ReplicasText + (c.CheaperMayServe ? " (a cheaper one may serve it too)" : ""), Format.Number(p.CpuQuotaCores), Format.Number(p.MemoryMiB), ScalingAnalysis.Capacity(p)]
            : [c.Mix, c.Demand, c.Shape, NoneReached + (c.CheaperMayServe ? " (a lower-bound point may)" : ""), Format.Missing, Format.Missing, Format.Missing])).ToList();
        return new Table("scaling-cheapest", "Cheapest deployment per demand",
            ["Mix", "Demand", "Shape", "Replicas", "CPU quota (cores)", "Memory (MiB)", "Capacity (journeys/s)"], rows, new HashSet<int> { 4, 5, 6 });
    }

    public static Table Isolation(ScalingReport report)
    {
        var rows = report.Isolation
            .SelectMany(e => e.Windows.Select(w => (IReadOnlyList<string>)[
                e.Shape, ScalingAnalysis.FaultName(e.Fault), e.ReplicasText, Format.Number(e.Rate), w.Name,
                ScalingAnalysis.Success(w.CheckoutSuccess), Format.Ms(w.CheckoutP99Ms), Format.Ms(w.BrowseP99Ms), Format.Count(w.Dropped),
                w.Valid ? "yes" : "NO: generator behind",
            ]))
            .ToList();
        return new Table("scaling-isolation", "Isolation: the same load before, during and after a fault",
            ["Shape", "Fault", "Replicas", "Load (journeys/s)", "Window", "Checkout success", "Checkout p99", "Browse p99", "Dropped", "Schedule kept"],
            rows, new HashSet<int> { 3, 5, 6, 7, 8 });
    }

    private static string[] Row(params string[] cells) => cells;
}
