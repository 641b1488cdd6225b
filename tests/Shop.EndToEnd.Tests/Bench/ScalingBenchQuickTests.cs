using System.Diagnostics;
using System.Text.RegularExpressions;
using Shop.Bench;
using Shop.Bench.Scaling;
using Xunit.Abstractions;

namespace Shop.EndToEnd.Tests.Bench;

/// <summary>
/// <c>./shop bench scaling --quick</c> as a user runs it: both shapes under CPU limits, their first points of the curve,
/// the CPU hog of the isolation experiment, scaling.json and the report. It checks that the bench works end to end and
/// that its figures are what it measured (limits, throttling, windows with load), not what they amount to: --quick's
/// steps are too short for figures to quote.
/// </summary>
[Collection(nameof(BenchRunsAlone))]
public sealed partial class ScalingBenchQuickTests(ITestOutputHelper output)
{
    private static readonly TimeSpan s_longest = TimeSpan.FromMinutes(12);

    [Fact]
    public async Task Quick_BothShapes_MeasuresLimitedReplicasAndTheHogUnderLoadAndWritesTheReport()
    {
        var log = Path.Combine(RepositoryLayout.Root, "artifacts", "test-results", "scaling-quick.log");
        var clock = Stopwatch.StartNew();
        var (exit, printed) = await ShopBenchProcess.RunAsync(["scaling", "--quick"], log, s_longest);
        output.WriteLine($"./shop bench scaling --quick: exit {exit} after {clock.Elapsed.TotalMinutes:0.0} min (log {log})");
        Assert.True(exit == 0, $"exit {exit}; the end of its output:{Environment.NewLine}{ShopBenchProcess.Tail(printed, 40)}");

        var folder = ReportFolder().Match(printed) is { Success: true } match
            ? Path.Combine(RepositoryLayout.Root, match.Groups["folder"].Value)
            : throw new InvalidOperationException($"the bench did not say where its report is:{Environment.NewLine}{ShopBenchProcess.Tail(printed, 40)}");
        var report = await BenchJson.ReadAsync<ScalingReport>(Path.Combine(folder, ScalingBench.MeasurementsFile), CancellationToken.None);

        Assert.True(report.Conditions.Quick);
        Assert.Equal(0.25, report.Conditions.ReplicaCpuLimit);
        foreach (var shape in new[] { "microservices", "monolith" })
        {
            var first = report.Points.First(p => p.Shape == shape);
            Assert.All(first.Replicas.Values, count => Assert.Equal(1, count));
            Assert.Equal(first.Replicas.Count * 0.25, first.CpuQuotaCores, 3);
            // Every limited replica is in a cgroup of its own whose counters moved during the search.
            Assert.Equal(first.Replicas.Keys.Select(host => host + "-1").Order(), first.Throttling.Select(t => t.Replica).Order());
            Assert.All(first.Throttling, t => Assert.True(t.Periods > 0 && t.CpuCores > 0, $"{t.Replica}: {t.Periods} periods, {t.CpuCores} cores"));
            Assert.All(first.Throttling, t => Assert.True(t.CpuCores <= 0.25 * 1.2, $"{t.Replica} used {t.CpuCores} cores under a 0.25 limit"));
            Assert.True(first.Capacity > 0, $"{shape}: no step of the search passed");
            Assert.InRange(first.MemoryMiB, 100, 8_000);

            var hog = Assert.Single(report.Isolation, e => e.Shape == shape && e.Fault == IsolationFaults.ReportingCpuHog);
            Assert.DoesNotContain("refused", hog.Description, StringComparison.Ordinal);
            Assert.Equal(["before", "during", "after"], hog.Windows.Select(w => w.Name));
            Assert.All(hog.Windows, w => Assert.True(w.Requests > 0, $"{shape} {w.Name}: no load"));
            Assert.Equal(Math.Max(1, Math.Round(hog.Capacity * 0.6, 1)), hog.Rate, 1);
        }
        var html = await File.ReadAllTextAsync(Path.Combine(folder, "report.html"));
        Assert.Contains("Scaling and isolation", html, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"report (?<folder>artifacts/reports/[0-9TZ]+-scaling)")]
    private static partial Regex ReportFolder();
}
