using System.Text.RegularExpressions;
using Shop.Bench.Rendering;
using Shop.Bench.Report;

namespace Shop.Bench.Tests.Rendering;

public sealed partial class SvgChartTests
{
    [Theory]
    [InlineData(0, 37, new double[] { 0, 10, 20, 30, 40 })]
    [InlineData(0, 2, new double[] { 0, 0.5, 1, 1.5, 2 })]
    [InlineData(-10, 130, new double[] { -20, 0, 20, 40, 60, 80, 100, 120, 140 })]
    [InlineData(5, 5, new double[] { 5, 5.2, 5.4, 5.6, 5.8, 6 })]
    public void NiceTicks_Range_CoversItWithRoundSteps(double min, double max, double[] ticks) =>
        Assert.Equal(ticks, SvgChart.NiceTicks(min, max));

    [Fact]
    public void Line_TwoSeries_DrawsOnePathPerSeriesAndALegendEntryForEach()
    {
        var svg = SvgChart.Line("cpu", "CPU", "s", "cores",
        [
            new ChartSeries("catalog-1", [new Point(0, 0.1), new Point(1, 0.5), new Point(2, 0.4)]),
            new ChartSeries("order-1", [new Point(0, 0.2), new Point(1, 0.3)], Dashed: true),
        ]);

        Assert.Equal(2, PathData().Count(svg));
        Assert.Contains("<li class=\"legend-item\" data-series=\"catalog-1\"", svg, StringComparison.Ordinal);
        Assert.Contains("stroke-dasharray=\"5 3\"", svg, StringComparison.Ordinal);
        Assert.Contains("<title>catalog-1: min 0.1, mean 0.333, max 0.5</title>", svg, StringComparison.Ordinal);
        Assert.StartsWith("<figure class=\"chart-figure\" id=\"cpu\">", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_LongGapInX_BreaksTheLine()
    {
        var svg = SvgChart.Line("gap", "Gap", "s", "v", [new ChartSeries("a", [new Point(0, 1), new Point(1, 1), new Point(2, 1), new Point(60, 1), new Point(61, 1)])]);

        var data = PathData().Match(svg).Groups[1].Value;
        Assert.Equal(2, data.Count(c => c == 'M'));
    }

    [Fact]
    public void Line_ValuesAboveTheSharedMaximum_StayInsideThePlot()
    {
        var svg = SvgChart.Line("clip", "Clip", "s", "v", [new ChartSeries("a", [new Point(0, 0), new Point(1, 500)])], yMax: 10);

        var ys = Coordinates().Matches(PathData().Match(svg).Groups[1].Value).Select(m => double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.All(ys, y => Assert.InRange(y, 14, 240));
    }

    [Fact]
    public void Line_LogAxisAndThreshold_DrawsDecadesAndTheThresholdLine()
    {
        var svg = SvgChart.Line("lat", "Latency", "s", "ms", [new ChartSeries("p99", [new Point(0, 12), new Point(1, 3400)])], logY: true,
            threshold: new ChartThreshold(1000, "1 s"));

        foreach (var tick in new[] { ">10<", ">100<", ">1,000<", ">10,000<" })
        {
            Assert.Contains(tick, svg, StringComparison.Ordinal);
        }
        Assert.Contains("class=\"threshold\"", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_CapacityPoints_MarksPassedFilledAndFailedHollow()
    {
        var svg = SvgChart.Line("capacity", "Capacity", "rate", "ms",
            [new ChartSeries("monolith", [new Point(10, 100), new Point(20, 2000)], "#dc2626", PointLabels: ["ten", "twenty"], PointPassed: [true, false])]);

        Assert.Contains("class=\"point passed\"", svg, StringComparison.Ordinal);
        Assert.Contains("class=\"point failed\"", svg, StringComparison.Ordinal);
        Assert.Contains("fill=\"#fff\"><title>twenty</title>", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void LineAndBars_NoData_SayNoDataWithoutAChart()
    {
        var line = SvgChart.Line("none", "Nothing", "s", "v", [new ChartSeries("a", [])]);
        var bars = SvgChart.Bars("none", "Nothing", "v", [], []);

        Assert.All(new[] { line, bars }, html =>
        {
            Assert.Contains("no data", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<svg", html, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Bars_MissingValue_LeavesThatBarOut()
    {
        var svg = SvgChart.Bars("steps", "Steps", "ms", ["list", "checkout"], [new BarSeries("micro", [5, null]), new BarSeries("mono", [3, 4])]);

        Assert.Equal(3, BarCount().Count(svg));
        Assert.Contains("<title>mono, checkout: 4</title>", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_NamesWithMarkup_AreEncoded()
    {
        var svg = SvgChart.Line("x", "<b>", "s", "v", [new ChartSeries("a<script>", [new Point(0, 1)])]);

        Assert.DoesNotContain("<script>", svg, StringComparison.Ordinal);
        Assert.Contains("a&lt;script&gt;", svg, StringComparison.Ordinal);
    }

    [GeneratedRegex("<path class=\"series\"[^>]* d=\"([^\"]+)\"")]
    private static partial Regex PathData();

    [GeneratedRegex("[ML]([0-9.]+) ([0-9.]+)")]
    private static partial Regex Coordinates();

    [GeneratedRegex("<rect class=\"series bar\"")]
    private static partial Regex BarCount();
}
