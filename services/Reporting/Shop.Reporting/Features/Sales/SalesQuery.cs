using System.Globalization;
using Shop.Reporting.Projections;

namespace Shop.Reporting.Features.Sales;

/// <summary>A bucket size of the sales report and how far one request may reach with it.</summary>
internal sealed record BucketSize(string Name, TimeSpan Length, TimeSpan MaxRange)
{
    /// <summary>31 days of minutes: at most 44,640 buckets, and only those with sales are sent.</summary>
    public static readonly BucketSize Minute = new("minute", TimeSpan.FromMinutes(1), TimeSpan.FromDays(31));

    /// <summary>366 days of hours: a year, leap or not, at most 8,784 buckets.</summary>
    public static readonly BucketSize Hour = new("hour", TimeSpan.FromHours(1), TimeSpan.FromDays(366));

    public static BucketSize? Parse(string? value) =>
        value is null || string.Equals(value, Minute.Name, StringComparison.OrdinalIgnoreCase) ? Minute
        : string.Equals(value, Hour.Name, StringComparison.OrdinalIgnoreCase) ? Hour
        : null;
}

/// <summary>
/// The validated query of <c>GET /api/reports/sales</c>: buckets whose start lies in [<see cref="From"/>,
/// <see cref="To"/>), where <see cref="From"/> is the requested start rounded down to the bucket. Each bucket is
/// returned whole, so the last one may hold sales after the requested end.
/// </summary>
internal sealed record SalesQuery(DateTimeOffset From, DateTimeOffset To, BucketSize Bucket)
{
    /// <summary>The window a request without <c>from</c> covers: the hour before <c>to</c>.</summary>
    public static readonly TimeSpan DefaultRange = TimeSpan.FromHours(1);

    private const string TimeFormatHint = "an ISO 8601 date and time, for example 2025-11-28T10:00:00Z";

    /// <summary>Parses and checks the query string; on failure, <paramref name="errors"/> names every bad parameter.</summary>
    public static bool TryCreate(
        string? from, string? to, string? bucket, DateTimeOffset now,
        out SalesQuery? query, out Dictionary<string, string[]> errors)
    {
        query = null;
        errors = [];
        var size = BucketSize.Parse(bucket);
        if (size is null)
        {
            errors["bucket"] = ["bucket must be 'minute' or 'hour'."];
        }
        var end = now;
        if (to is not null && !TryParseTime(to, out end))
        {
            errors["to"] = [$"to must be {TimeFormatHint}."];
        }
        var start = end.UtcTicks - DateTimeOffset.MinValue.UtcTicks < DefaultRange.Ticks ? DateTimeOffset.MinValue : end - DefaultRange;
        if (from is not null && !TryParseTime(from, out start))
        {
            errors["from"] = [$"from must be {TimeFormatHint}."];
        }
        if (errors.Count > 0)
        {
            return false;
        }

        if (start > end)
        {
            errors["from"] = ["from must not be later than to."];
            return false;
        }
        if (end - start > size!.MaxRange)
        {
            errors["from"] = [$"With bucket={size.Name} the range from-to spans at most {size.MaxRange.TotalDays:0} days; narrow it{(size == BucketSize.Minute ? " or use bucket=hour" : "")}."];
            return false;
        }
        query = new SalesQuery(BucketTime.Floor(start, size.Length), end, size);
        return true;
    }

    private static bool TryParseTime(string value, out DateTimeOffset time)
    {
        var parsed = DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
        time = time.ToUniversalTime();
        return parsed;
    }
}
