using System.Text;
using Shop.Bench.Rendering;

namespace Shop.Bench.Scaling;

/// <summary>The scaling report's report.md: the same conditions, tables, reading and validity as report.html, without the charts.</summary>
public static class ScalingMarkdownReport
{
    public const string Title = "Scaling and isolation";

    public const string NoProblemFound = "No problem found: every capacity search found its limit, no point was machine-bound, the generator kept its schedule in every window, nothing else shared the machine.";

    public static string Render(ScalingReport report)
    {
        var md = new StringBuilder();
        md.AppendLine($"# {Title}").AppendLine();
        md.AppendLine(ScalingTables.Intro(report)).AppendLine();
        MarkdownReport.AppendTable(md, ScalingTables.Conditions(report));
        MarkdownReport.AppendValidity(md, report.Validity, NoProblemFound);
        MarkdownReport.AppendReading(md, report.Reading);
        MarkdownReport.AppendTable(md, ScalingTables.Points(report));
        MarkdownReport.AppendTable(md, ScalingTables.Cheapest(report));
        MarkdownReport.AppendTable(md, ScalingTables.Isolation(report));
        md.AppendLine("The scale-out curves and the isolation charts are in report.html; every raw figure is in report.json.");
        return md.ToString();
    }
}
