namespace Shop.Reporting.Projections;

/// <summary>Time buckets of the sales report, always in UTC so that every replica and the database agree on them.</summary>
internal static class BucketTime
{
    /// <summary>The start of the bucket of <paramref name="size"/> (a minute or an hour) that holds <paramref name="time"/>.</summary>
    public static DateTimeOffset Floor(DateTimeOffset time, TimeSpan size)
    {
        var ticks = time.UtcTicks;
        return new DateTimeOffset(ticks - ticks % size.Ticks, TimeSpan.Zero);
    }

    /// <summary>The start of the first bucket that begins at or after <paramref name="time"/>; the latest time there is at the very end.</summary>
    public static DateTimeOffset Ceiling(DateTimeOffset time, TimeSpan size)
    {
        var floor = Floor(time, size);
        if (floor.UtcTicks == time.UtcTicks)
        {
            return floor;
        }
        return DateTimeOffset.MaxValue.UtcTicks - floor.UtcTicks < size.Ticks ? DateTimeOffset.MaxValue : floor + size;
    }

    /// <summary>The minute bucket a sale confirmed at <paramref name="time"/> is counted in.</summary>
    public static DateTimeOffset Minute(DateTimeOffset time) => Floor(time, TimeSpan.FromMinutes(1));
}
