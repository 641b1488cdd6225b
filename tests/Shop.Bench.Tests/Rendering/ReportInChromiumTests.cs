using System.Text.RegularExpressions;
using Shop.Bench.Rendering;
using Shop.Bench.Tests.Infrastructure;

namespace Shop.Bench.Tests.Rendering;

/// <summary>report.html in a real browser: the charts render, no script fails; the screenshot is kept in artifacts/test-results/bench-report.</summary>
public sealed partial class ReportInChromiumTests
{
    private const int ChartsInTheFixtureReport = 15;

    [Fact]
    public async Task ReportHtml_OpenedInHeadlessChromium_RendersEveryChartWithoutScriptErrors()
    {
        var folder = RepositoryPaths.TestResults("bench-report");
        var page = Path.Combine(folder, "report.html");
        await File.WriteAllTextAsync(page, HtmlReport.Render(await BenchFixtures.AssembleAsync()));

        var dom = await HeadlessChromium.DumpDomAsync(page);

        Assert.Equal("0", Attribute(dom, "html", "data-script-errors"));
        Assert.Equal("ok", Attribute(dom, "body", "data-rendered"));
        Assert.Equal(ChartsInTheFixtureReport.ToString(System.Globalization.CultureInfo.InvariantCulture), Attribute(dom, "body", "data-charts"));
        Assert.Equal("0", Attribute(dom, "body", "data-empty-charts"));
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

        Assert.Equal("1", Attribute(dom, "html", "data-script-errors"));
        Assert.Equal("errors", Attribute(dom, "body", "data-rendered"));
        Assert.Contains("notAFunction is not defined", dom, StringComparison.Ordinal);
    }

    private static string Attribute(string dom, string element, string attribute)
    {
        var tag = TagPattern(element).Match(dom);
        Assert.True(tag.Success, $"no <{element}> in the DOM");
        var value = Regex.Match(tag.Value, $"{attribute}=\"([^\"]*)\"");
        Assert.True(value.Success, $"<{element}> has no {attribute}: {tag.Value}");
        return value.Groups[1].Value;
    }

    private static Regex TagPattern(string element) => element == "html" ? HtmlTag() : BodyTag();

    [GeneratedRegex("<html[^>]*>")]
    private static partial Regex HtmlTag();

    [GeneratedRegex("<body[^>]*>")]
    private static partial Regex BodyTag();
}
