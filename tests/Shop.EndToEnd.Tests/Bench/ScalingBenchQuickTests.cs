using System.Diagnostics;
using System.Text.RegularExpressions;
using Shop.Bench;
using Shop.Bench.Scaling;
using Xunit.Abstractions;

namespace Shop.EndToEnd.Tests.Bench;

/// <summary>The scaling bench's processes need the cores to themselves: its figures are the kernel's throttling.</summary>
[CollectionDefinition(nameof(ScalingBenchQuickTests), DisableParallelization = true)]
public sealed class ScalingBenchRunsAlone;

/// <summary>
/// <c>./shop bench scaling --quick</c> as a user runs it: both shapes under CPU limits, their first points of the curve,
/// the CPU hog of the isolation experiment, scaling.json and the report. It checks that the bench works end to end and
/// that its figures are what it measured (limits, throttling, windows with load), not what they amount to: --quick's
/// steps are too short for figures to quote.
/// </summary>
[Collection(nameof(ScalingBenchQuickTests))]
public sealed partial class ScalingBenchQuickTests(ITestOutputHelper output)
{
    private static readonly TimeSpan s_longest = TimeSpan.FromMinutes(12);

    [Fact]
    public async Task Quick_BothShapes_MeasuresLimitedReplicasAndTheHogUnderLoadAndWritesTheReport()
    {
        var log = Path.Combine(RepositoryLayout.Root, "artifacts", "test-results", "scaling-quick.log");
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        var clock = Stopwatch.StartNew();
        var (exit, printed) = await RunBenchAsync(log);
        output.WriteLine($"./shop bench scaling --quick: exit {exit} after {clock.Elapsed.TotalMinutes:0.0} min (log {log})");
        Assert.True(exit == 0, $"exit {exit}; the end of its output:{Environment.NewLine}{Tail(printed, 40)}");

        var folder = ReportFolder().Match(printed) is { Success: true } match
            ? Path.Combine(RepositoryLayout.Root, match.Groups["folder"].Value)
            : throw new InvalidOperationException($"the bench did not say where its report is:{Environment.NewLine}{Tail(printed, 40)}");
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

    private static async Task<(int Exit, string Printed)> RunBenchAsync(string log)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryLayout.Root, "shop"), "bench", "scaling", "--quick"])
        {
            WorkingDirectory = RepositoryLayout.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // A state folder of its own: a developer's bench state (.shop/bench) is not wiped by the tests.
        start.Environment["SHOP_BENCH_STATE"] = Path.Combine(RepositoryLayout.Root, ".shop", "bench-test");
        start.Environment["SHOP_CONFIGURATION"] = RepositoryLayout.Configuration;
        using var bench = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var printed = new System.Text.StringBuilder();
        void Append(string? line)
        {
            if (line is not null)
            {
                lock (printed)
                {
                    printed.AppendLine(line);
                }
            }
        }
        bench.OutputDataReceived += (_, e) => Append(e.Data);
        bench.ErrorDataReceived += (_, e) => Append(e.Data);
        bench.BeginOutputReadLine();
        bench.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(s_longest);
        try
        {
            await bench.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM, as Ctrl+C: the bench stops its Shop and reports what it measured.
            Process.Start("kill", ["-TERM", bench.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();
            await bench.WaitForExitAsync(CancellationToken.None);
        }
        bench.WaitForExit();
        string text;
        lock (printed)
        {
            text = printed.ToString();
        }
        await File.WriteAllTextAsync(log, text);
        return (timeout.IsCancellationRequested ? -1 : bench.ExitCode, text);
    }

    private static string Tail(string text, int lines) => string.Join(Environment.NewLine, text.Split('\n').TakeLast(lines));

    [GeneratedRegex(@"report (?<folder>artifacts/reports/[0-9TZ]+-scaling)")]
    private static partial Regex ReportFolder();
}
