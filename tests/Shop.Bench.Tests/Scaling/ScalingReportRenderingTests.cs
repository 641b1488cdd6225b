using System.Text.RegularExpressions;
using Shop.Bench.Rendering;
using Shop.Bench.Scaling;
using Shop.Bench.Tests.Infrastructure;

namespace Shop.Bench.Tests.Scaling;

public sealed partial class ScalingReportRenderingTests
{
    [Fact]
    public async Task Markdown_Fixture_TitleConditionsAndTablesWithTheirValues()
    {
        var md = ScalingMarkdownReport.Render(await ScalingFixtures.CompletedAsync());

        Assert.StartsWith("# Scaling and isolation\n", md, StringComparison.Ordinal);
        Assert.Contains("| CPU limit per replica | 0.5 cores (a cgroup quota, like a pod's limit); the gateway is not limited and is counted apart |", md, StringComparison.Ordinal);
        Assert.Contains("| Machine | 4 cores, AMD EPYC 7B13, 16 GiB,", md, StringComparison.Ordinal);
        Assert.Contains("| Step length | 60 s |", md, StringComparison.Ordinal);
        Assert.Contains("| What else ran | no other Shop |", md, StringComparison.Ordinal);
        Assert.Contains("| Mode | full |", md, StringComparison.Ordinal);
        Assert.Contains("| microservices | blackfriday | catalog=2,cart=1,order=1,reporting=1 | 2.5 | 1,210 | 78 | 31.2 | catalog (58 % throttled) | 0.36 | 62 % | no |", md, StringComparison.Ordinal);
        Assert.Contains("| monolith | blackfriday | monolith=4 | 2 | 1,560 | 150 | 75 | monolith (12 % throttled) | 0.52 | 97 % | yes |", md, StringComparison.Ordinal);
        Assert.Contains("| blackfriday | the scenario's peak (80 journeys/s) | monolith | monolith=2 | 1 | 800 | 92 |", md, StringComparison.Ordinal);
        Assert.Contains("| checkout-heavy | the scenario's peak (80 journeys/s) | microservices | none reached it | – | – | – |", md, StringComparison.Ordinal);
        Assert.Contains("| monolith | reporting CPU hog | monolith=2 | 55.2 | during | 93.1 % | 2,400 ms | 1,900 ms | 120 | yes |", md, StringComparison.Ordinal);
        Assert.Contains("- **Caveat** (monolith): monolith=4 with blackfriday was machine-bound", md, StringComparison.Ordinal);
        Assert.Contains("## Reading", md, StringComparison.Ordinal);
        Assert.Equal(16, PointRows().Count(md));
        // 18 isolation windows that kept their schedule and one machine-bound point.
        Assert.Equal(19, Occurrences(md, "| yes |"));
    }

    [Fact]
    public async Task Html_Fixture_IsSelfContainedWithTheMainSectionTitled()
    {
        var report = await ScalingFixtures.CompletedAsync();

        var html = ScalingHtmlReport.Render(report);

        Assert.Contains("<section id=\"scaling\"><h1>Scaling and isolation</h1>", html, StringComparison.Ordinal);
        Assert.Contains("Content-Security-Policy\" content=\"default-src 'none';", html, StringComparison.Ordinal);
        Assert.Equal(["http://www.w3.org/2000/svg"], Urls().Matches(html).Select(m => m.Value).Distinct());
        Assert.All(report.Reading, p => Assert.Contains("<p>" + Html.Encode(p) + "</p>", html, StringComparison.Ordinal));
        Assert.Contains("<section id=\"validity\" class=\"validity warning\">", html, StringComparison.Ordinal);
        foreach (var id in new[] { "scaling-conditions", "scaling-points", "scaling-cheapest", "scaling-isolation" })
        {
            Assert.Contains($"<section class=\"table\" id=\"{id}\">", html, StringComparison.Ordinal);
        }
        Assert.Contains("<td class=\"num\">2,400 ms</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Html_Fixture_ChartsWithALinePerShapeAndMixAndTheMachineBoundPointMarked()
    {
        var html = ScalingHtmlReport.Render(await ScalingFixtures.CompletedAsync());

        Assert.Equal(
            ["capacity-cpu", "capacity-memory", "isolation-reporting-rebuild", "isolation-reporting-cpu-hog", "isolation-catalog-replica-killed"],
            ChartIds().Matches(html).Select(m => m.Groups[1].Value));
        string[] lines = ["microservices · blackfriday", "microservices · checkout-heavy", "monolith · blackfriday", "monolith · checkout-heavy"];
        foreach (var chart in new[] { "capacity-cpu", "capacity-memory" })
        {
            var svg = Chart(html, chart);
            Assert.Equal(lines, LineNames().Matches(svg).Select(m => m.Groups[1].Value));
            Assert.Equal(16, Occurrences(svg, "<circle class=\"point passed\""));
            // Only monolith=4 with the browse mix was machine-bound: one ring and its label, on the monolith's line.
            Assert.Equal(1, Occurrences(svg, "<circle class=\"point-mark\" data-mark=\"machine-bound\""));
            Assert.Contains(">machine-bound</text>", svg, StringComparison.Ordinal);
            Assert.Contains("<title>monolith monolith=4, blackfriday: 150 journeys/s on 2 cores of quota, 1,560 MiB, machine-bound</title>", svg, StringComparison.Ordinal);
        }
        var hog = Chart(html, "isolation-reporting-cpu-hog");
        Assert.Equal(6, Occurrences(hog, "<rect class=\"series bar\""));
        Assert.Contains("<title>during, monolith: 2,400</title>", hog, StringComparison.Ordinal);
        Assert.Contains("<title>before, microservices: 205</title>", hog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_Fixture_WritesTheThreeFilesAndReportJsonReadsBackCompleted()
    {
        using var folder = new TemporaryFolder();

        var written = await ScalingReportWriter.WriteAsync(await ScalingFixtures.MeasuredAsync(), folder.Path, CancellationToken.None);

        var read = await BenchJson.ReadAsync<ScalingReport>(Path.Combine(folder.Path, ScalingReportWriter.JsonFile));
        Assert.Equal(12, read.Cheapest.Count);
        Assert.Equal(written.Reading, read.Reading);
        Assert.Equal("monolith=2", read.Cheapest.First(c => c.Shape == "monolith").Point!.ReplicasText);
        Assert.Single(read.Validity);
        Assert.StartsWith("# Scaling and isolation", await File.ReadAllTextAsync(Path.Combine(folder.Path, ScalingReportWriter.MarkdownFile)), StringComparison.Ordinal);
        Assert.Contains("<h1>Scaling and isolation</h1>", await File.ReadAllTextAsync(Path.Combine(folder.Path, ScalingReportWriter.HtmlFile)), StringComparison.Ordinal);
    }

    private static string Chart(string html, string id)
    {
        var start = html.IndexOf($"<svg class=\"chart\" data-chart=\"{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no chart {id}");
        return html[start..html.IndexOf("</svg>", start, StringComparison.Ordinal)];
    }

    private static int Occurrences(string text, string part) =>
        (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    [GeneratedRegex("^\\| (microservices|monolith) \\| (blackfriday|checkout-heavy) \\| [a-z=0-9,]+ \\| [0-9.]+ \\|", RegexOptions.Multiline)]
    private static partial Regex PointRows();

    [GeneratedRegex("<path class=\"series\" data-series=\"([^\"]+)\"")]
    private static partial Regex LineNames();

    [GeneratedRegex("https?://[^\"'\\s<)]+")]
    private static partial Regex Urls();

    [GeneratedRegex("<svg class=\"chart\" data-chart=\"([^\"]+)\"")]
    private static partial Regex ChartIds();
}
