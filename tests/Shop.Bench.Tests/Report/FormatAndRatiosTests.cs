using Shop.Bench.Report;

namespace Shop.Bench.Tests.Report;

public sealed class FormatAndRatiosTests
{
    [Theory]
    [InlineData(6.0, 3.0, 2.0)]
    [InlineData(1.0, 0.0, null)]
    [InlineData(1.0, -2.0, null)]
    [InlineData(null, 3.0, null)]
    [InlineData(3.0, null, null)]
    [InlineData(double.NaN, 3.0, null)]
    public void Of_NumeratorAndDenominator_DividesOnlyMeasurableFigures(double? numerator, double? denominator, double? expected) =>
        Assert.Equal(expected, Ratios.Of(numerator, denominator));

    [Theory]
    [InlineData("512.00us", 0.512)]
    [InlineData("2.74ms", 2.74)]
    [InlineData("1.02s", 1020.0)]
    [InlineData("1.50m", 90_000.0)]
    [InlineData(" 23.18ms ", 23.18)]
    [InlineData("fast", null)]
    [InlineData("", null)]
    public void ParseWrk_LatencyAsWrkPrintsIt_GivesMilliseconds(string text, double? milliseconds)
    {
        var parsed = Durations.ParseWrk(text);

        Assert.Equal(milliseconds is null, parsed is null);
        if (milliseconds is { } expected)
        {
            Assert.Equal(expected, parsed!.Value, 9);
        }
    }

    [Theory]
    [InlineData(84338.12, "84,338")]
    [InlineData(285.4, "285")]
    [InlineData(40.0, "40")]
    [InlineData(12.34, "12.3")]
    [InlineData(2.071, "2.07")]
    [InlineData(0.6949, "0.695")]
    [InlineData(0.0, "0")]
    [InlineData(null, "–")]
    [InlineData(double.PositiveInfinity, "–")]
    public void Number_Magnitudes_ShowAPrecisionThatSuitsThem(double? value, string text) => Assert.Equal(text, Format.Number(value));

    [Theory]
    [InlineData(0.6667, "67 %")]
    [InlineData(0.019, "1.9 %")]
    [InlineData(0.0023, "0.23 %")]
    [InlineData(null, "–")]
    public void Percent_Shares_KeepTwoSignificantDigitsForSmallOnes(double? value, string text) => Assert.Equal(text, Format.Percent(value));
}
