using System.Text;
using Shop.Bench.Report;

namespace Shop.Bench.Rendering;

/// <summary>report.md: the tables and the reading of the report, for a pull request or the README.</summary>
public static class MarkdownReport
{
    public static string Render(BenchReport report)
    {
        var md = new StringBuilder();
        md.AppendLine("# Black Friday: microservices vs monolith").AppendLine();
        md.AppendLine(Intro(report)).AppendLine();
        md.AppendLine($"**{Escape(report.Verdict.Text)}**").AppendLine();

        AppendValidity(md, report.Validity, NoProblemFound);

        AppendTable(md, ReportTables.GoalsTable(report));
        AppendTable(md, ReportTables.SideBySide(report));

        AppendReading(md, report.Reading);

        AppendTable(md, ReportTables.CpuByComponent(report));
        AppendTable(md, ReportTables.Steps(report));
        foreach (var table in ReportTables.CapacitySteps(report))
        {
            AppendTable(md, table);
        }
        foreach (var table in ReportTables.Invariants(report))
        {
            AppendTable(md, table);
        }
        AppendTable(md, ReportTables.Ceilings(report));
        if (ReportTables.Footprint(report) is { } footprint)
        {
            AppendTable(md, footprint);
        }
        md.AppendLine("Charts over time are in report.html; every raw figure is in report.json.");
        return md.ToString();
    }

    public const string NoProblemFound = "No problem found: the generator kept its schedule, every invariant held, nothing else disturbed the run.";

    /// <summary>A "Validity" heading and the flags, worst first; <paramref name="noProblem"/> when there is none.</summary>
    public static void AppendValidity(StringBuilder md, IReadOnlyList<ValidityFlag> flags, string noProblem)
    {
        md.AppendLine("## Validity").AppendLine();
        if (flags.Count == 0)
        {
            md.AppendLine(noProblem);
        }
        foreach (var flag in flags.OrderBy(f => f.Severity))
        {
            md.AppendLine(Format.Invariant($"- **{SeverityText(flag.Severity)}**{(flag.Shape is null ? "" : $" ({flag.Shape})")}: {Escape(flag.Text)}"));
        }
        md.AppendLine();
    }

    public static void AppendReading(StringBuilder md, IReadOnlyList<string> paragraphs)
    {
        if (paragraphs.Count == 0)
        {
            return;
        }
        md.AppendLine("## Reading").AppendLine();
        foreach (var paragraph in paragraphs)
        {
            md.AppendLine(Escape(paragraph)).AppendLine();
        }
    }

    public static string Intro(BenchReport report)
    {
        var settings = report.Settings;
        var machine = report.Machine;
        var shapes = report.Shapes.Count == 0 ? "no shape" : string.Join(" and ", report.Shapes.Select(s => s.Name));
        var duration = string.IsNullOrEmpty(settings.Duration) ? "" : $", duration {settings.Duration}";
        var scale = settings.ScaleChoice is { } choice
            ? Format.Invariant($" at scale {Format.Number(choice.Scale)} ({choice.Reason})")
            : Format.Invariant($" at scale {Format.Number(settings.Scale)}");
        var replicas = string.IsNullOrEmpty(settings.Replicas) ? "" : $", replicas {settings.Replicas}";
        var cpus = string.IsNullOrEmpty(settings.Cpus) ? "" : $", CPU limits per replica {settings.Cpus} cores";
        var commit = string.IsNullOrEmpty(settings.GitCommit) ? "" : $", commit {settings.GitCommit}";
        return Format.Invariant(
            $"Scenario `{settings.Scenario}`{scale}{duration}{replicas}{cpus}, run against {shapes} on {machine.Cores} cores ({machine.CpuModel}, {Format.Number(machine.MemoryGiB)} GiB, {machine.Os}, {machine.Runtime}), started {StartedAt(report):yyyy-MM-dd HH:mm} UTC{commit}.");
    }

    /// <summary>When the bench started; when its settings are missing, when the report was written.</summary>
    public static DateTimeOffset StartedAt(BenchReport report) =>
        report.Settings.StartedAt == default ? report.CreatedAt : report.Settings.StartedAt;

    public static string SeverityText(Severity severity) => severity switch
    {
        Severity.Error => "Invalid",
        Severity.Finding => "Finding",
        Severity.Warning => "Caveat",
        _ => "Note",
    };

    public static void AppendTable(StringBuilder md, Table table)
    {
        if (table.Rows.Count == 0)
        {
            return;
        }
        md.AppendLine(Format.Invariant($"## {table.Title}")).AppendLine();
        md.AppendLine("| " + string.Join(" | ", table.Headers.Select(Escape)) + " |");
        md.AppendLine("| " + string.Join(" | ", table.Headers.Select((_, i) => table.NumericColumns.Contains(i) ? "---:" : "---")) + " |");
        foreach (var row in table.Rows)
        {
            md.AppendLine("| " + string.Join(" | ", row.Select(Escape)) + " |");
        }
        md.AppendLine();
    }

    // Pipes would end a table cell; nothing else in the figures is Markdown syntax.
    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
