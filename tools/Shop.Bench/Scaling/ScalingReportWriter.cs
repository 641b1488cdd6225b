using Shop.Bench.Report;

namespace Shop.Bench.Scaling;

/// <summary>
/// Turns what the scaling bench measured into its report folder: report.json (the measured report with the cheapest
/// deployments, reading and validity filled), report.md and report.html, beside the raw scaling.json.
/// </summary>
public static class ScalingReportWriter
{
    /// <summary>The raw <see cref="ScalingReport"/> the bench writes, before any analysis.</summary>
    public const string MeasuredFile = "scaling.json";

    public const string JsonFile = "report.json";
    public const string MarkdownFile = "report.md";
    public const string HtmlFile = "report.html";

    /// <summary>Analyses <paramref name="measured"/>, writes the three report files into <paramref name="folder"/> and returns the completed report.</summary>
    public static async Task<ScalingReport> WriteAsync(ScalingReport measured, string folder, CancellationToken cancellationToken)
    {
        var report = ScalingAnalysis.Complete(measured);
        Directory.CreateDirectory(folder);
        await BenchJson.WriteAsync(Path.Combine(folder, JsonFile), report, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(folder, MarkdownFile), ScalingMarkdownReport.Render(report), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(folder, HtmlFile), ScalingHtmlReport.Render(report), cancellationToken);
        return report;
    }

    /// <summary>Reads <see cref="MeasuredFile"/> from <paramref name="folder"/> and writes the report beside it again.</summary>
    public static async Task<ScalingReport> RenderAsync(string folder, CancellationToken cancellationToken) =>
        await WriteAsync(await BenchJson.ReadAsync<ScalingReport>(Path.Combine(folder, MeasuredFile), cancellationToken), folder, cancellationToken);

    /// <summary>What the command prints: where the report is, the validity, and the cheapest deployment per demand.</summary>
    public static string Headline(ScalingReport report, string folder)
    {
        var lines = new List<string>
        {
            $"report: {Path.Combine(folder, HtmlFile)} (also {MarkdownFile}, {JsonFile})",
            $"  {report.Points.Count} points, {report.Isolation.Count} isolation experiments; validity: " +
                (report.Validity.Count == 0 ? "no problem found" : string.Join(", ", report.Validity.GroupBy(f => f.Severity).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}"))),
        };
        lines.AddRange(report.Cheapest.Select(c => Format.Invariant(
            $"  {c.Mix}, {c.Demand}: {c.Shape} {(c.Point is { } p ? $"{p.ReplicasText} ({ScalingAnalysis.Cores(p.CpuQuotaCores)}, {Format.MiB(p.MemoryMiB)})" : ScalingTables.NoneReached)}")));
        return string.Join(Environment.NewLine, lines);
    }
}
