using Shop.LoadTest.Metrics;

namespace Shop.LoadTest.Tests.Metrics;

/// <summary>Percentile math against distributions whose percentiles are known exactly.</summary>
public sealed class LatencyTests
{
    // Three significant digits: any value is within 0.1 % of the true one.
    private const double Relative = 0.001;

    [Fact]
    public void Percentiles_UniformOneToThousandMilliseconds_AreTheMatchingRanks()
    {
        var histogram = Latency.NewHistogram();
        for (var ms = 1; ms <= 1000; ms++)
        {
            histogram.RecordValue(ms * 1000L);
        }

        AssertClose(500, Latency.PercentileMs(histogram, 50));
        AssertClose(900, Latency.PercentileMs(histogram, 90));
        AssertClose(990, Latency.PercentileMs(histogram, 99));
        AssertClose(999, Latency.PercentileMs(histogram, 99.9));
        AssertClose(1000, Latency.MaxMs(histogram));
        AssertClose(500.5, Latency.MeanMs(histogram));
    }

    [Fact]
    public void Percentiles_BimodalOnePercentSlow_P99IsFastAndP999IsSlow()
    {
        var histogram = Latency.NewHistogram();
        histogram.RecordValueWithCount(2_000, 9_900);
        histogram.RecordValueWithCount(800_000, 100);

        AssertClose(2, Latency.PercentileMs(histogram, 50));
        AssertClose(2, Latency.PercentileMs(histogram, 99));
        AssertClose(800, Latency.PercentileMs(histogram, 99.9));
        AssertClose(800, Latency.MaxMs(histogram));
    }

    [Fact]
    public void Percentiles_EmptyHistogram_AreZeroNotAnError()
    {
        var histogram = Latency.NewHistogram();

        Assert.Equal(0, Latency.PercentileMs(histogram, 99));
        Assert.Equal(0, Latency.MaxMs(histogram));
        Assert.Equal(0, Latency.MeanMs(histogram));
    }

    [Theory]
    [InlineData(0, 1_500, 10_000_000, 150)]
    [InlineData(10, 5, 1_000, 1)]
    [InlineData(0, -5, 1_000, 1)]
    [InlineData(0, long.MaxValue / 2, 1, Latency.HighestMicros)]
    public void Micros_TimestampsAtAFrequency_ConvertedAndClamped(long from, long to, long frequency, long expected)
    {
        Assert.Equal(expected, Latency.Micros(from, to, frequency));
    }

    [Fact]
    public void StepMetrics_IntervalsAcrossSeconds_AddUpToTheTotal()
    {
        var metrics = new RunMetrics(["j"]);
        var step = metrics.Step("s");
        for (var i = 1; i <= 100; i++)
        {
            step.Record(i * 1000L, 200, StepOutcome.Success);
        }
        var first = metrics.CloseSecond(0, "p", 1, 0);
        for (var i = 101; i <= 300; i++)
        {
            step.Record(i * 1000L, 503, StepOutcome.HttpError);
        }
        var second = metrics.CloseSecond(1, "p", 1, 0);

        Assert.Equal(100, first.Steps["s"].Count);
        Assert.Equal(0, first.Steps["s"].Errors);
        AssertClose(50, first.P50Ms);
        Assert.Equal(200, second.Steps["s"].Count);
        Assert.Equal(200, second.Steps["s"].Errors);
        AssertClose(200, second.Steps["s"].P50Ms);
        Assert.Equal(300, step.Total.TotalCount);
        AssertClose(150, Latency.PercentileMs(step.Total, 50));
        Assert.Equal(new Dictionary<string, long> { ["200"] = 100, ["503"] = 200 }, step.StatusCodes());
    }

    [Fact]
    public void StepMetrics_ConcurrentWriters_LoseNoRecording()
    {
        var step = new RunMetrics(["j"]).Step("s");

        Parallel.For(0, 8, _ =>
        {
            for (var i = 1; i <= 10_000; i++)
            {
                step.Record(i, 200, StepOutcome.Success);
            }
        });

        var (latencies, _) = step.CloseInterval();
        Assert.Equal(80_000, latencies.TotalCount);
        Assert.Equal(80_000, step.Total.TotalCount);
    }

    [Fact]
    public void StepMetrics_ExpectedOutcome_IsNotAnError()
    {
        var step = new RunMetrics(["j"]).Step("checkout");

        step.Record(10, 409, StepOutcome.Expected);
        step.Record(10, 0, StepOutcome.TransportError);
        step.Record(10, 0, StepOutcome.Timeout);

        Assert.Equal(2, step.Errors);
        Assert.Equal(1, step.Timeouts);
        Assert.Equal(1, step.TransportErrors);
        Assert.Equal(new Dictionary<string, long> { ["409"] = 1 }, step.StatusCodes());
    }

    private static void AssertClose(double expected, double actual) =>
        Assert.InRange(actual, (expected * (1 - Relative)) - 0.001, (expected * (1 + Relative)) + 0.001);
}
