using System.Globalization;

namespace Shop.Bench.Report;

public static class Durations
{
    /// <summary>Reads a latency as wrk prints it ("512.00us", "2.74ms", "1.02s", "1.50m") into milliseconds.</summary>
    public static double? ParseWrk(string text)
    {
        var value = text.Trim();
        (string Suffix, double Factor)[] units = [("us", 0.001), ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)];
        foreach (var (suffix, factor) in units)
        {
            if (value.EndsWith(suffix, StringComparison.Ordinal) &&
                double.TryParse(value[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return number * factor;
            }
        }
        return null;
    }
}
