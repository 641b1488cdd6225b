using Shop.Bench.Scaling;
using Shop.Bench.Tests.Infrastructure;

namespace Shop.Bench.Tests.Scaling;

/// <summary>The scaling report.html in a real browser: every chart renders, no script fails; the page is kept in artifacts/test-results/scaling-report.</summary>
public sealed class ScalingReportInChromiumTests
{
    private const string ChartsInTheFixtureReport = "5";

    [Fact]
    public async Task ReportHtml_OpenedInHeadlessChromium_RendersEveryChartWithoutScriptErrors()
    {
        var folder = RepositoryPaths.TestResults("scaling-report");
        await ScalingReportWriter.WriteAsync(await ScalingFixtures.MeasuredAsync(), folder, CancellationToken.None);
        var page = Path.Combine(folder, ScalingReportWriter.HtmlFile);

        var dom = await HeadlessChromium.DumpDomAsync(page);

        Assert.Equal("0", HeadlessChromium.Attribute(dom, "html", "data-script-errors"));
        Assert.Equal("ok", HeadlessChromium.Attribute(dom, "body", "data-rendered"));
        Assert.Equal(ChartsInTheFixtureReport, HeadlessChromium.Attribute(dom, "body", "data-charts"));
        Assert.Equal("0", HeadlessChromium.Attribute(dom, "body", "data-empty-charts"));
        Assert.DoesNotContain("chart not-drawn", dom, StringComparison.Ordinal);

        var screenshot = Path.Combine(folder, "report.png");
        File.Delete(screenshot);
        await HeadlessChromium.ScreenshotAsync(page, screenshot, 1400, 5200);
        var png = await File.ReadAllBytesAsync(screenshot);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        // A blank page of this size compresses to a few kilobytes; charts and tables make it far larger.
        Assert.True(png.Length > 100_000, $"the screenshot has only {png.Length} bytes: the page looks blank");
    }
}
