using System.Text;
using Shop.Bench.Report;

namespace Shop.Bench.Rendering;

/// <summary>
/// report.html: one self-contained page (inline CSS, inline SVG, a small inline script; a content security policy that
/// forbids loading anything else), so it opens from disk or as a CI artifact without a network.
/// </summary>
public static class HtmlReport
{
    public static string Render(BenchReport report)
    {
        var html = new StringBuilder();
        OpenPage(html, Format.Invariant($"Black Friday report, {MarkdownReport.StartedAt(report):yyyy-MM-dd HH:mm} UTC"));
        html.Append("<h1>Black Friday: microservices vs monolith</h1>");
        html.Append("<p class=\"intro\">").Append(Encode(MarkdownReport.Intro(report).Replace("`", "", StringComparison.Ordinal))).Append("</p>");
        html.Append(Format.Invariant($"<p id=\"verdict\" class=\"verdict {report.Verdict.Kind.ToString().ToLowerInvariant()}\">{Encode(report.Verdict.Text)}</p>"));

        Headline(html, report);
        AppendValidity(html, report.Validity, MarkdownReport.NoProblemFound);
        AppendTable(html, ReportTables.GoalsTable(report));
        AppendTable(html, ReportTables.SideBySide(report));
        AppendReading(html, report.Reading);
        foreach (var section in ReportCharts.Build(report))
        {
            AppendCharts(html, section);
        }
        AppendTable(html, ReportTables.CpuByComponent(report));
        AppendTable(html, ReportTables.Steps(report));
        foreach (var table in ReportTables.CapacitySteps(report))
        {
            AppendTable(html, table);
        }
        foreach (var table in ReportTables.Invariants(report))
        {
            AppendTable(html, table);
        }
        AppendTable(html, ReportTables.Ceilings(report));
        if (ReportTables.Footprint(report) is { } footprint)
        {
            AppendTable(html, footprint);
        }
        ClosePage(html);
        return html.ToString();
    }

    /// <summary>
    /// The start of a report page, up to and including <c>&lt;main&gt;</c>: the content security policy, the script
    /// that counts errors, the styles. Every report (Black Friday, scaling) is one such page.
    /// </summary>
    public static void OpenPage(StringBuilder html, string title)
    {
        html.Append("<!doctype html>\n<html lang=\"en\" data-script-errors=\"0\"><head><meta charset=\"utf-8\">");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">");
        html.Append("<title>").Append(Encode(title)).Append("</title>");
        html.Append("<script>").Append(ErrorCaptureScript).Append("</script>");
        html.Append("<style>").Append(Styles).Append("</style></head>\n");
        html.Append("<body data-rendered=\"pending\"><main>");
    }

    /// <summary>The end of a report page: links to its json and Markdown, and the script that checks every chart drew.</summary>
    public static void ClosePage(StringBuilder html)
    {
        html.Append("<footer>Every raw figure: <a href=\"report.json\">report.json</a> · the same tables in <a href=\"report.md\">report.md</a>.</footer>");
        html.Append("<ul id=\"script-errors\" hidden></ul></main>");
        html.Append("<script>").Append(MainScript).Append("</script>\n</body></html>\n");
    }

    public static void AppendReading(StringBuilder html, IReadOnlyList<string> paragraphs)
    {
        if (paragraphs.Count == 0)
        {
            return;
        }
        html.Append("<section id=\"reading\"><h2>Reading</h2>");
        foreach (var paragraph in paragraphs)
        {
            html.Append("<p>").Append(Encode(paragraph)).Append("</p>");
        }
        html.Append("</section>");
    }

    public static void AppendCharts(StringBuilder html, ChartSection section)
    {
        html.Append(Format.Invariant($"<section class=\"charts\" id=\"charts-{Encode(section.Id)}\"><h2>{Encode(section.Title)}</h2>"));
        html.Append("<p class=\"explain\">").Append(Encode(section.Explanation)).Append("</p><div class=\"chart-row\">");
        foreach (var figure in section.Figures)
        {
            html.Append(figure);
        }
        html.Append("</div></section>");
    }

    private static void Headline(StringBuilder html, BenchReport report)
    {
        var comparison = report.Comparison;
        var invariants = report.Shapes.Select(s => s.Figures.InvariantsPassed).ToList();
        (string Label, string Value, string Note)[] tiles =
        [
            ("Verdict", report.Verdict.Kind.ToString().ToLowerInvariant(), report.Verdict.Kind switch
            {
                VerdictKind.Invalid => "figures in doubt: see Validity",
                VerdictKind.Overloaded => "a finding: a shape did not keep up",
                _ => "every shape kept up",
            }),
            ("Capacity, microservices ÷ monolith", Format.Ratio(comparison?.CapacityRatio, comparison?.CapacityRatioBound ?? RatioBound.Exact), "goal ≥ " + Format.Ratio(Goals.CapacityRatioTarget)),
            ("CPU per order, microservices ÷ monolith", Format.Ratio(comparison?.CpuPerOrderRatio), "above 1: microservices spend more"),
            ("Checkout p99, microservices ÷ monolith", Format.Ratio(comparison?.CheckoutP99Ratio), "same arrival schedule"),
            ("Generator ÷ wrk", Format.Ratio(report.Ceilings.GeneratorToWrk), "goal ≥ " + Format.Ratio(Goals.GeneratorToWrkTarget)),
            ("Invariants", invariants.Count == 0 || invariants.Any(i => i is null) ? "not checked" : invariants.All(i => i == true) ? "all held" : "BROKEN", "orders, stock, reports"),
        ];
        html.Append("<section id=\"headline\" class=\"tiles\">");
        foreach (var (label, value, note) in tiles)
        {
            html.Append(Format.Invariant($"<div class=\"tile\"><div class=\"tile-label\">{Encode(label)}</div><div class=\"tile-value\">{Encode(value)}</div><div class=\"tile-note\">{Encode(note)}</div></div>"));
        }
        html.Append("</section>");
    }

    /// <summary>The validity flags, worst first, in a box coloured by the worst; <paramref name="noProblem"/> when there is none.</summary>
    public static void AppendValidity(StringBuilder html, IReadOnlyList<ValidityFlag> flags, string noProblem)
    {
        var worst = flags.Count == 0 ? "ok" : flags.Min(f => f.Severity).ToString().ToLowerInvariant();
        html.Append(Format.Invariant($"<section id=\"validity\" class=\"validity {worst}\"><h2>Validity</h2>"));
        if (flags.Count == 0)
        {
            html.Append("<p>").Append(Encode(noProblem)).Append("</p>");
        }
        else
        {
            html.Append("<ul>");
            foreach (var flag in flags.OrderBy(f => f.Severity))
            {
                html.Append(Format.Invariant($"<li class=\"flag {flag.Severity.ToString().ToLowerInvariant()}\"><strong>{MarkdownReport.SeverityText(flag.Severity)}</strong>"));
                html.Append(flag.Shape is null ? "" : " (" + Encode(flag.Shape) + ")");
                html.Append(": ").Append(Encode(flag.Text)).Append("</li>");
            }
            html.Append("</ul>");
        }
        html.Append("</section>");
    }

    public static void AppendTable(StringBuilder html, Table table)
    {
        if (table.Rows.Count == 0)
        {
            return;
        }
        html.Append(Format.Invariant($"<section class=\"table\" id=\"{Encode(table.Id)}\"><h2>{Encode(table.Title)}</h2><div class=\"scroll\"><table><thead><tr>"));
        for (var i = 0; i < table.Headers.Count; i++)
        {
            html.Append(Cell("th", table.Headers[i], table.NumericColumns.Contains(i)));
        }
        html.Append("</tr></thead><tbody>");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            for (var i = 0; i < row.Count; i++)
            {
                html.Append(Cell("td", row[i], table.NumericColumns.Contains(i)));
            }
            html.Append("</tr>");
        }
        html.Append("</tbody></table></div></section>");
    }

    private static string Cell(string tag, string text, bool numeric) =>
        Format.Invariant($"<{tag}{(numeric ? " class=\"num\"" : "")}>{Encode(text)}</{tag}>");

    private static string Encode(string text) => Html.Encode(text);

    // Runs first, so an error anywhere later in the page is counted: on <html> (body may not exist yet) and in a list at
    // the end of the page.
    private const string ErrorCaptureScript = """
        (function () {
          var errors = [];
          function show() {
            var list = document.getElementById('script-errors');
            if (!list) {
              return;
            }
            list.textContent = '';
            errors.forEach(function (message) {
              var item = document.createElement('li');
              item.textContent = message;
              list.appendChild(item);
            });
            list.hidden = errors.length === 0;
          }
          function record(message) {
            errors.push(String(message));
            document.documentElement.setAttribute('data-script-errors', String(errors.length));
            show();
          }
          window.reportErrors = errors;
          window.showReportErrors = show;
          window.addEventListener('error', function (event) { record(event.message || 'error loading ' + (event.target && event.target.tagName)); }, true);
          window.addEventListener('unhandledrejection', function (event) { record('unhandled rejection: ' + event.reason); });
        })();
        """;

    // Legend items hide and show their line; then every chart is checked to have drawn something, and the page
    // says so on <body> (data-rendered, data-charts, data-empty-charts) for whoever opens it headless.
    private const string MainScript = """
        (function () {
          document.querySelectorAll('.legend-item').forEach(function (item) {
            function toggle() {
              var figure = item.closest('figure');
              var name = item.getAttribute('data-series');
              var off = item.classList.toggle('off');
              figure.querySelectorAll('.series, .series-group').forEach(function (element) {
                if (element.getAttribute('data-series') === name) {
                  element.style.display = off ? 'none' : '';
                }
              });
            }
            item.addEventListener('click', toggle);
            item.addEventListener('keydown', function (event) { if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); toggle(); } });
          });
          var charts = document.querySelectorAll('svg.chart');
          var empty = 0;
          charts.forEach(function (chart) {
            var drawn = Array.prototype.some.call(chart.querySelectorAll('.series'), function (element) {
              var box = element.getBBox();
              return box.width > 0 || box.height > 0;
            });
            if (!drawn) {
              empty++;
              chart.classList.add('not-drawn');
            }
          });
          document.body.dataset.charts = String(charts.length);
          document.body.dataset.emptyCharts = String(empty);
          // Errors raised before the list existed (a script early in the page) are shown now.
          window.showReportErrors();
          document.body.dataset.rendered = window.reportErrors.length === 0 ? 'ok' : 'errors';
        })();
        """;

    private const string Styles = """
        :root { color-scheme: light; --ink: #111827; --muted: #6b7280; --line: #e5e7eb; --bad: #b91c1c; --warn: #b45309; --finding: #1d4ed8; }
        body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--ink); background: #fafafa; }
        main { max-width: 1400px; margin: 0 auto; padding: 16px 24px 48px; }
        h1 { font-size: 24px; margin: 8px 0; } h2 { font-size: 18px; margin: 28px 0 8px; }
        .intro, .explain { color: var(--muted); }
        .tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 12px; margin: 16px 0; }
        .tile { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px; }
        .tile-label { color: var(--muted); font-size: 12px; } .tile-value { font-size: 28px; font-weight: 600; } .tile-note { color: var(--muted); font-size: 12px; }
        .validity { border-radius: 8px; padding: 4px 16px 8px; border: 1px solid var(--line); background: #fff; }
        .validity.error { border-color: var(--bad); background: #fef2f2; } .validity.warning { border-color: var(--warn); background: #fffbeb; }
        .validity.finding { border-color: var(--finding); background: #eff6ff; }
        .flag.error strong { color: var(--bad); } .flag.finding strong { color: var(--finding); } .flag.warning strong { color: var(--warn); } .flag.note strong { color: var(--muted); }
        .verdict { font-size: 16px; font-weight: 600; padding: 8px 12px; border-radius: 8px; border: 1px solid var(--line); background: #fff; }
        .verdict.invalid { color: var(--bad); border-color: var(--bad); } .verdict.overloaded { color: var(--finding); border-color: var(--finding); }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; background: #fff; min-width: 50%; }
        th, td { border-bottom: 1px solid var(--line); padding: 5px 10px; text-align: left; vertical-align: top; }
        th { background: #f3f4f6; font-weight: 600; } .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        #reading p { max-width: 900px; }
        .chart-row { display: grid; grid-template-columns: repeat(auto-fill, minmax(460px, 1fr)); gap: 16px; }
        .chart-figure { margin: 0; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 8px 8px 4px; }
        .chart-figure figcaption { font-weight: 600; margin: 0 0 4px 4px; }
        svg.chart { width: 100%; height: auto; display: block; }
        svg.chart text { font-size: 10px; fill: #4b5563; } svg.chart .axis-label { font-size: 11px; fill: var(--ink); }
        svg.chart .axis { stroke: #9ca3af; } svg.chart .grid { stroke: #f0f0f0; }
        svg.chart path.series { fill: none; stroke-width: 1.6; stroke-linejoin: round; }
        svg.chart .threshold { stroke: var(--bad); stroke-dasharray: 6 4; } svg.chart .threshold-label { fill: var(--bad); }
        svg.chart .marker { stroke: #d1d5db; stroke-dasharray: 2 3; } svg.chart .marker-label { fill: #9ca3af; }
        svg.chart circle.point { stroke-width: 2; } svg.chart circle.point-mark { fill: none; stroke-width: 1.5; stroke-dasharray: 2 2; }
        svg.chart .point-mark-label { font-size: 9px; }
        .legend { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 14px; padding: 0 4px; margin: 4px 0; font-size: 12px; }
        .legend-item { cursor: pointer; user-select: none; } .legend-item.off { opacity: 0.35; text-decoration: line-through; }
        .swatch { display: inline-block; width: 14px; height: 0; border-top: 3px solid; margin-right: 5px; vertical-align: middle; }
        .swatch.dashed { border-top-style: dashed; }
        .no-data { color: var(--muted); padding: 40px; text-align: center; }
        #script-errors { color: var(--bad); }
        footer { margin-top: 32px; color: var(--muted); }
        """;
}
