using Shop.Bench.Report;
using Shop.Bench.Scaling;

namespace Shop.Bench.Tests.Infrastructure;

/// <summary>
/// The fixture scaling.json (Fixtures/scaling), as the scaling bench writes it: both shapes and both mixes at 1–4
/// replicas on a 4-core machine, the monolith's fourth replica machine-bound, three faults in each shape; and small
/// handmade reports for the analysis.
/// </summary>
public static class ScalingFixtures
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "scaling");

    public static Task<ScalingReport> MeasuredAsync() =>
        BenchJson.ReadAsync<ScalingReport>(Path.Combine(Folder, ScalingReportWriter.MeasuredFile));

    public static async Task<ScalingReport> CompletedAsync() => ScalingAnalysis.Complete(await MeasuredAsync());

    /// <summary>A copy of the fixture folder the test may write into, deleted with the returned handle.</summary>
    public static TemporaryFolder Copy()
    {
        var folder = new TemporaryFolder();
        File.Copy(Path.Combine(Folder, ScalingReportWriter.MeasuredFile), Path.Combine(folder.Path, ScalingReportWriter.MeasuredFile));
        return folder;
    }

    public static ScalingReport Handmade(double scenarioPeak, params ScalingPoint[] points) => new()
    {
        Conditions = new ScalingConditions
        {
            ReplicaCpuLimit = 0.5,
            MaxReplicas = 4,
            Mixes = [ScalingMixes.Browse],
            CheckoutP99Ms = 1000,
            ScenarioPeakRate = scenarioPeak,
            StepSeconds = 60,
            IsolationLoadShare = 0.6,
            WindowSeconds = 60,
        },
        Machine = new MachineInfo { Cores = 4, CpuModel = "test CPU", MemoryGiB = 16 },
        Points = points,
    };

    /// <summary>A point with the browse mix; <paramref name="replicas"/> like "catalog=2,cart=1", <paramref name="throttled"/> the bottleneck's share.</summary>
    public static ScalingPoint Point(string shape, string replicas, double capacity, double quota, double memory,
        bool lowerBound = false, bool machineBound = false, string? bottleneck = null, double throttled = 0, string mix = ScalingMixes.Browse)
    {
        var counts = replicas.Split(',').Select(r => r.Split('=')).ToDictionary(r => r[0], r => int.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture));
        var throttling = counts.SelectMany(c => Enumerable.Range(1, c.Value).Select(i =>
            new ReplicaThrottling($"{c.Key}-{i}", c.Key, 1000, c.Key == bottleneck ? (long)(throttled * 1000) : 10, 0.4))).ToList();
        return new ScalingPoint(shape, mix, counts, capacity, lowerBound, quota, memory, 0.2, machineBound ? 0.97 : 0.5, throttling, bottleneck,
            machineBound, machineBound ? "the replicas waited for the machine" : "", 800, 300);
    }

    public static IsolationExperiment Experiment(string shape, string fault, params (double P99, double Success, bool Valid)[] windows) =>
        new(shape, fault, fault, new Dictionary<string, int> { [shape == ShapeNames.Monolith ? "monolith" : "catalog"] = 2 }, 1, 90, 54,
            windows.Select((w, i) => new IsolationWindow(IsolationWindowNames.All[i], 60, 1000, (long)Math.Round(1000 * (1 - w.Success)), w.P99, 80, 6000, 0, 0, w.Valid)).ToList());
}
