using Shop.Bench.Rendering;
using Shop.Bench.Tests.Infrastructure;

namespace Shop.Bench.Tests.Rendering;

/// <summary>report.html in a real browser: the charts render, no script fails; the screenshot is kept in artifacts/test-results/bench-report.</summary>
public sealed class ReportInChromiumTests
{
    private const int ChartsInTheFixtureReport = 15;

    [Fact]
    public async Task ReportHtml_OpenedInHeadlessChromium_RendersEveryChartWithoutScriptErrors()
    {
        var folder = RepositoryPaths.TestResults("bench-report");
        var page = Path.Combine(folder, "report.html");
        await File.WriteAllTextAsync(page, HtmlReport.Render(await BenchFixtures.AssembleAsync()));

        var dom = await HeadlessChromium.DumpDomAsync(page);

        Assert.Equal("0", HeadlessChromium.Attribute(dom, "html", "data-script-errors"));
        Assert.Equal("ok", HeadlessChromium.Attribute(dom, "body", "data-rendered"));
        Assert.Equal(ChartsInTheFixtureReport.ToString(System.Globalization.CultureInfo.InvariantCulture), HeadlessChromium.Attribute(dom, "body", "data-charts"));
        Assert.Equal("0", HeadlessChromium.Attribute(dom, "body", "data-empty-charts"));
        Assert.DoesNotContain("chart not-drawn", dom, StringComparison.Ordinal);

        var screenshot = Path.Combine(folder, "report.png");
        File.Delete(screenshot);
        await HeadlessChromium.ScreenshotAsync(page, screenshot, 1400, 7600);
        var png = await File.ReadAllBytesAsync(screenshot);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        // A blank page of this size compresses to a few kilobytes; charts and tables make it far larger.
        Assert.True(png.Length > 100_000, $"the screenshot has only {png.Length} bytes: the page looks blank");
    }

    [Fact]
    public async Task ReportHtml_WithAFailingScript_ChromiumShowsTheErrorInTheDom()
    {
        using var folder = new TemporaryFolder();
        var page = Path.Combine(folder.Path, "broken.html");
        var html = HtmlReport.Render(await BenchFixtures.AssembleAsync());
        await File.WriteAllTextAsync(page, html.Replace("<main>", "<main><script>notAFunction();</script>", StringComparison.Ordinal));

        var dom = await HeadlessChromium.DumpDomAsync(page);

        Assert.Equal("1", HeadlessChromium.Attribute(dom, "html", "data-script-errors"));
        Assert.Equal("errors", HeadlessChromium.Attribute(dom, "body", "data-rendered"));
        Assert.Contains("notAFunction is not defined", dom, StringComparison.Ordinal);
    }
}
