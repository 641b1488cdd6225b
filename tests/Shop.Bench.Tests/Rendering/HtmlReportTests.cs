using System.Text.RegularExpressions;
using Shop.Bench.Rendering;
using Shop.Bench.Tests.Infrastructure;

namespace Shop.Bench.Tests.Rendering;

public sealed partial class HtmlReportTests
{
    [Fact]
    public async Task Render_FixtureBench_IsSelfContained()
    {
        var html = HtmlReport.Render(await BenchFixtures.AssembleAsync());

        Assert.Contains("Content-Security-Policy\" content=\"default-src 'none';", html, StringComparison.Ordinal);
        // The only URL is the SVG namespace, which is a name, not something to load.
        Assert.Equal(["http://www.w3.org/2000/svg"], Urls().Matches(html).Select(m => m.Value).Distinct());
        Assert.DoesNotContain("<link", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" src=", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_FixtureBench_HasEveryChartOnceWithItsSeries()
    {
        var html = HtmlReport.Render(await BenchFixtures.AssembleAsync());

        var ids = ChartIds().Matches(html).Select(m => m.Groups[1].Value).ToList();
        string[] perShape = ["arrival", "latency", "errors", "cpu", "memory", "backlog"];
        Assert.Equal(
            [.. perShape.SelectMany(c => new[] { $"{c}-microservices", $"{c}-monolith" }), "steps", "capacity", "cpu-per-order"],
            ids);
        Assert.Contains("data-series=\"rabbitmq\"", html, StringComparison.Ordinal);
        Assert.Contains("data-series=\"postgres (PSS)\"", html, StringComparison.Ordinal);
        Assert.Contains("data-series=\"outbox order\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_FixtureBench_ShowsTheHeadlineAndTheReading()
    {
        var report = await BenchFixtures.AssembleAsync();

        var html = HtmlReport.Render(report);

        Assert.Contains("<div class=\"tile-label\">Capacity, microservices ÷ monolith</div><div class=\"tile-value\">0.67</div>", html, StringComparison.Ordinal);
        Assert.All(report.Reading, paragraph => Assert.Contains("<p>" + Shop.Bench.Rendering.Html.Encode(paragraph) + "</p>", html, StringComparison.Ordinal));
        Assert.Contains("<section id=\"validity\" class=\"validity finding\">", html, StringComparison.Ordinal);
        Assert.Contains("<p id=\"verdict\" class=\"verdict overloaded\">Valid, overloaded: microservices did not keep up for 15 s", html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"tile-label\">Verdict</div><div class=\"tile-value\">overloaded</div>", html, StringComparison.Ordinal);
        Assert.Contains("data-series=\"arrivals dropped at the in-flight cap\"", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("https?://[^\"'\\s<)]+")]
    private static partial Regex Urls();

    [GeneratedRegex("<svg class=\"chart\" data-chart=\"([^\"]+)\"")]
    private static partial Regex ChartIds();
}
