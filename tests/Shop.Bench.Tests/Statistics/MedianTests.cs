using Shop.Bench.Statistics;

namespace Shop.Bench.Tests.Statistics;

public sealed class MedianTests
{
    [Theory]
    [InlineData(new[] { 5.0 }, 5.0)]
    [InlineData(new[] { 0.54, 0.53, 0.53, 0.59, 0.52 }, 0.53)]
    [InlineData(new[] { 3.0, 1.0, 2.0 }, 2.0)]
    [InlineData(new[] { 4.0, 1.0, 3.0, 2.0 }, 2.5)]
    [InlineData(new[] { 1234.0, 1241.0 }, 1237.5)]
    public void Of_Values_MiddleOrMeanOfTheTwoMiddleOnes(double[] values, double median)
    {
        Assert.Equal(median, Median.Of(values));
    }

    [Fact]
    public void Of_NoValues_Throws()
    {
        Assert.Throws<ArgumentException>(() => Median.Of([]));
    }

    [Theory]
    [InlineData(13.25, 1, "13.2")]
    [InlineData(13.0, 1, "13.0")]
    [InlineData(96.5, 0, "96")]
    [InlineData(0.545, 2, "0.55")]
    [InlineData(74.24999, 1, "74.2")]
    public void Format_AsPrintfPrintsIt(double value, int decimals, string text)
    {
        Assert.Equal(text, Decimals.Format(value, decimals));
        Assert.Equal(double.Parse(text, System.Globalization.CultureInfo.InvariantCulture), Decimals.Round(value, decimals));
    }
}
