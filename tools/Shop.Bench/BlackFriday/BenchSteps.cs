using System.Net.Http.Headers;
using System.Text;
using Shop.Bench.Invariants;
using Shop.Bench.Prometheus;
using Shop.Bench.Rendering;
using Shop.Bench.Report;
using Shop.LoadTest.Reports;

namespace Shop.Bench.BlackFriday;

/// <summary>
/// The steps of a Black Friday bench that read the shop: a baseline, the invariants, Prometheus and the report. The bench
/// runs them in turn (<see cref="BlackFridayBench"/>); Shop.Bench's commands of the same names run one of them by hand.
/// </summary>
public static class BenchSteps
{
    public static async Task<StockBaseline> CaptureBaselineAsync(ShopDatabases databases, TextWriter output, CancellationToken cancellationToken)
    {
        var baseline = await new InvariantChecker(databases).CaptureBaselineAsync(cancellationToken);
        await output.WriteLineAsync($"baseline: {baseline.Stock.Count:N0} products, {baseline.Stock.Values.Sum(s => (long)s):N0} units in stock, {baseline.Orders:N0} orders");
        return baseline;
    }

    /// <param name="databases">The shape's databases.</param>
    /// <param name="after">What ran before the check ("scenario", "capacity search").</param>
    /// <param name="baseline">The state before it ran.</param>
    /// <param name="run">The scenario's run.json, when the orders it was told about should be in the database.</param>
    /// <param name="settle">How long to wait for pending work.</param>
    /// <param name="rabbitMqManagement">The broker's management API with its credentials in the URL; null without a broker.</param>
    /// <param name="outputPath">Where invariants.json goes.</param>
    /// <param name="output">Where the checks are printed.</param>
    /// <param name="cancellationToken">Ends the wait and the queries.</param>
    public static async Task<InvariantReport> CheckInvariantsAsync(
        ShopDatabases databases,
        string after,
        StockBaseline baseline,
        RunReport? run,
        TimeSpan settle,
        Uri? rabbitMqManagement,
        string outputPath,
        TextWriter output,
        CancellationToken cancellationToken)
    {
        using var management = rabbitMqManagement is null ? null : ManagementClient(rabbitMqManagement);
        var report = await new InvariantChecker(databases).CheckAsync(
            after, baseline, run, settle, management is null ? null : InvariantChecker.RabbitMqErrorQueues(management), cancellationToken);
        await BenchJson.WriteAsync(outputPath, report, cancellationToken);
        foreach (var check in report.Checks)
        {
            await output.WriteLineAsync($"  {(check.Passed ? "ok    " : "BROKEN")} {check.Title}: {check.Detail}");
        }
        await output.WriteLineAsync(report.SettledAt is null
            ? $"  the shop had not settled after {report.SettleSeconds:0} s"
            : $"  settled after {report.SettleSeconds:0} s");
        return report;
    }

    /// <summary>Reads what Prometheus recorded between <paramref name="from"/> and <paramref name="to"/> into prometheus.json.</summary>
    public static async Task CapturePrometheusAsync(
        Uri prometheus, DateTimeOffset from, DateTimeOffset to, TimeSpan step, string outputPath, TextWriter output, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri(prometheus.ToString().TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(30) };
        var capture = await new PrometheusClient(http).CaptureAsync(from, to, step, cancellationToken);
        await BenchJson.WriteAsync(outputPath, capture, cancellationToken);
        var failed = capture.Ranges.Concat(capture.Totals).Count(q => q.Error is not null);
        await output.WriteLineAsync($"prometheus: {capture.Ranges.Sum(r => r.Series.Count)} series over {(to - from).TotalSeconds:0} s, {capture.TargetsUp}/{capture.Targets} targets up" +
            (failed > 0 ? $", {failed} queries failed" : ""));
    }

    /// <summary>Merges a bench folder into report.json, report.md and report.html and prints the headline.</summary>
    public static async Task WriteReportAsync(string directory, TextWriter output, CancellationToken cancellationToken)
    {
        var report = await ReportAssembler.AssembleAsync(directory, MachineInfoReader.Current(), DateTimeOffset.UtcNow, cancellationToken);
        await BenchJson.WriteAsync(Path.Combine(directory, "report.json"), report, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "report.md"), MarkdownReport.Render(report), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "report.html"), HtmlReport.Render(report), cancellationToken);
        await output.WriteLineAsync(Headline(report, directory));
    }

    /// <summary>What the bench prints at the end: where the report is and the figures that matter most.</summary>
    public static string Headline(BenchReport report, string directory)
    {
        var text = new StringBuilder();
        text.AppendLine($"report: {Path.Combine(directory, "report.html")} (also report.md, report.json)");
        foreach (var shape in report.Shapes)
        {
            var f = shape.Figures;
            var invariants = f.InvariantsPassed switch { true => "held", false => "BROKEN", null => Format.Missing };
            text.AppendLine(
                $"  {shape.Name,-14} capacity {(f.CapacityIsLowerBound ? "≥ " : "")}{Format.Number(f.CapacityRate)} journeys/s   checkout p99 {Format.Ms(f.CheckoutP99Ms)}   " +
                $"CPU/1,000 orders {Format.Number(f.CpuSecondsPerThousandOrders)} s   peak memory {Format.MiB(f.PeakMemoryMiBShop)}   invariants {invariants}");
        }
        if (report.Comparison is { } c)
        {
            text.AppendLine($"  microservices ÷ monolith: capacity {Format.Ratio(c.CapacityRatio, c.CapacityRatioBound)}, CPU per order {Format.Ratio(c.CpuPerOrderRatio)}, checkout p99 {Format.Ratio(c.CheckoutP99Ratio)}, peak memory {Format.Ratio(c.PeakMemoryRatio)}");
        }
        foreach (var goal in report.Goals)
        {
            text.AppendLine($"  goal: {goal.Description}: {Format.Ratio(goal.Achieved, goal.Bound)} ({ReportTables.StatusText(goal.Status)})");
        }
        var problems = report.Validity.Count(v => v.Severity == Severity.Error);
        var caveats = report.Validity.Count(v => v.Severity == Severity.Warning);
        if (problems + caveats > 0)
        {
            text.AppendLine($"  validity: {problems} problem(s), {caveats} caveat(s) — see the top of the report");
        }
        return text.ToString().TrimEnd();
    }

    // The management API takes basic auth; the bench passes it in the URL (http://shop:shop@127.0.0.1:15674).
    private static HttpClient ManagementClient(Uri url)
    {
        var client = new HttpClient { BaseAddress = new Uri(url.GetLeftPart(UriPartial.Authority) + "/"), Timeout = TimeSpan.FromSeconds(10) };
        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(url.UserInfo))));
        }
        return client;
    }
}
