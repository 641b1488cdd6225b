using System.Text;
using Shop.Bench.Rendering;
using Shop.Bench.Report;

namespace Shop.Bench.Scaling;

/// <summary>The scaling report's report.html: the Black Friday report's self-contained page, with one main section.</summary>
public static class ScalingHtmlReport
{
    public static string Render(ScalingReport report)
    {
        var html = new StringBuilder();
        HtmlReport.OpenPage(html, Format.Invariant($"{ScalingMarkdownReport.Title}, {report.StartedAt:yyyy-MM-dd HH:mm} UTC"));
        html.Append("<section id=\"scaling\"><h1>").Append(Html.Encode(ScalingMarkdownReport.Title)).Append("</h1>");
        html.Append("<p class=\"intro\">").Append(Html.Encode(ScalingTables.Intro(report))).Append("</p>");
        HtmlReport.AppendTable(html, ScalingTables.Conditions(report));
        HtmlReport.AppendValidity(html, report.Validity, ScalingMarkdownReport.NoProblemFound);
        HtmlReport.AppendReading(html, report.Reading);
        var charts = ScalingCharts.Build(report);
        HtmlReport.AppendCharts(html, charts[0]);
        HtmlReport.AppendTable(html, ScalingTables.Points(report));
        HtmlReport.AppendTable(html, ScalingTables.Cheapest(report));
        foreach (var section in charts.Skip(1))
        {
            HtmlReport.AppendCharts(html, section);
        }
        HtmlReport.AppendTable(html, ScalingTables.Isolation(report));
        html.Append("</section>");
        HtmlReport.ClosePage(html);
        return html.ToString();
    }
}
