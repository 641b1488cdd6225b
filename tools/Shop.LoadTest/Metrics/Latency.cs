using HdrHistogram;

namespace Shop.LoadTest.Metrics;

/// <summary>
/// How latencies are stored: HdrHistogram values in microseconds, from 1 µs to one hour, with three significant
/// digits (any percentile within 0.1 % of the true value). Converts <see cref="TimeProvider"/> timestamps.
/// </summary>
public static class Latency
{
    public const long LowestMicros = 1;
    public const long HighestMicros = 3_600_000_000;
    public const int SignificantDigits = 3;

    public static LongHistogram NewHistogram() => new(LowestMicros, HighestMicros, SignificantDigits);

    public static Recorder NewRecorder() =>
        new(LowestMicros, HighestMicros, SignificantDigits, (id, lowest, highest, digits) => new LongConcurrentHistogram(id, lowest, highest, digits));

    /// <summary>Microseconds between two timestamps, clamped to what the histograms hold.</summary>
    public static long Micros(long fromTimestamp, long toTimestamp, long timestampFrequency)
    {
        var ticks = toTimestamp - fromTimestamp;
        var micros = (long)(ticks * (1_000_000.0 / timestampFrequency));
        return Math.Clamp(micros, LowestMicros, HighestMicros);
    }

    /// <summary>A percentile in milliseconds, rounded to the microsecond; 0 for an empty histogram.</summary>
    public static double PercentileMs(HistogramBase histogram, double percentile) =>
        histogram.TotalCount == 0 ? 0 : Math.Round(histogram.GetValueAtPercentile(percentile) / 1000.0, 3);

    public static double MaxMs(HistogramBase histogram) =>
        histogram.TotalCount == 0 ? 0 : Math.Round(histogram.GetMaxValue() / 1000.0, 3);

    public static double MeanMs(HistogramBase histogram) =>
        histogram.TotalCount == 0 ? 0 : Math.Round(histogram.GetMean() / 1000.0, 3);
}
