namespace Shop.Bench.Statistics;

/// <summary>The median the benches report of their rounds: the middle value, or the mean of the two middle ones.</summary>
public static class Median
{
    /// <exception cref="ArgumentException">No values.</exception>
    public static double Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            throw new ArgumentException("the median of no values", nameof(values));
        }
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
