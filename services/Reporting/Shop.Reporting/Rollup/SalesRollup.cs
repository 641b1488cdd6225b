using Microsoft.EntityFrameworkCore;
using Npgsql;
using Shop.Reporting.Persistence;

namespace Shop.Reporting.Rollup;

/// <summary>How many buckets one compaction moved.</summary>
/// <param name="MinuteBuckets">Minute buckets deleted.</param>
/// <param name="HourBuckets">Hour buckets they were added to.</param>
internal sealed record CompactionResult(long MinuteBuckets, long HourBuckets);

/// <summary>
/// Moves minute buckets into hour buckets, in one statement inside the caller's transaction: the minutes are deleted
/// and their sums added to the hours (upsert, so an hour compacted before and a late minute added since both count).
/// Nothing is counted twice or lost, whenever it runs and however often:
/// <list type="bullet">
/// <item>A minute is either still in <c>sales_minutes</c> or already added to <c>sales_hours</c>, never both, because
/// the delete and the upsert commit together; hour queries read both tables, so they see every sale either way.</item>
/// <item>A consumer adding to an old minute bucket at the same time either commits first (the delete waits for its row
/// lock and moves the new total) or after (its row stays for the next run). Two rollups at once: the second finds the
/// rows gone.</item>
/// </list>
/// </summary>
internal static class SalesRollup
{
    private const string CompactBefore =
        $"""
        WITH moved AS (
            DELETE FROM {ReportingSchema.SalesMinutes.Qualified}
            WHERE bucket_start < @cutoff
            RETURNING bucket_start, orders, items, revenue
        ), hours AS (
            SELECT date_trunc('hour', bucket_start, 'UTC') AS bucket_start,
                   sum(orders)::bigint AS orders, sum(items)::bigint AS items, sum(revenue) AS revenue
            FROM moved
            GROUP BY 1
        ), merged AS (
            INSERT INTO {ReportingSchema.SalesHours.Qualified} AS h (bucket_start, orders, items, revenue)
            SELECT bucket_start, orders, items, revenue FROM hours
            ORDER BY bucket_start
            ON CONFLICT (bucket_start) DO UPDATE SET
                orders = h.orders + excluded.orders,
                items = h.items + excluded.items,
                revenue = h.revenue + excluded.revenue
            RETURNING 1
        )
        SELECT (SELECT count(*) FROM moved) AS "MinuteBuckets", (SELECT count(*) FROM merged) AS "HourBuckets"
        """;

    // The horizon only moves forward: a rollup run with a longer retention than the last one leaves it where it was.
    private const string AdvanceHorizon =
        $"""
        INSERT INTO {ReportingSchema.RollupState.Qualified} AS r (id, minutes_compacted_before, last_run_at)
        VALUES (@id, @cutoff, @now)
        ON CONFLICT (id) DO UPDATE SET
            minutes_compacted_before = GREATEST(r.minutes_compacted_before, excluded.minutes_compacted_before),
            last_run_at = excluded.last_run_at
        """;

    /// <summary>Compacts every minute bucket that starts before <paramref name="cutoff"/> (a whole hour).</summary>
    public static async Task<CompactionResult> CompactAsync(ReportingDbContext db, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        // A data-modifying WITH must stay at the top level, so the statement is run as written: no LINQ on top of it.
        var results = await db.Database
            .SqlQueryRaw<CompactionResult>(CompactBefore, Parameter("cutoff", cutoff.ToUniversalTime()))
            .ToListAsync(cancellationToken);
        return results.Single();
    }

    /// <summary>Records that minute buckets before <paramref name="cutoff"/> are compacted, so minute queries stop there.</summary>
    public static Task AdvanceHorizonAsync(ReportingDbContext db, DateTimeOffset cutoff, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync(AdvanceHorizon,
            [Parameter("id", RollupStateRow.SingletonId), Parameter("cutoff", cutoff.ToUniversalTime()), Parameter("now", now.ToUniversalTime())],
            cancellationToken);

    /// <summary>Where minute detail ends: minute buckets before it are compacted; null before the first rollup.</summary>
    public static Task<DateTimeOffset?> HorizonAsync(ReportingDbContext db, CancellationToken cancellationToken) =>
        db.RollupState.AsNoTracking()
            .Where(state => state.Id == RollupStateRow.SingletonId)
            .Select(state => (DateTimeOffset?)state.MinutesCompactedBefore)
            .SingleOrDefaultAsync(cancellationToken);

    private static NpgsqlParameter<T> Parameter<T>(string name, T value) => new(name, value);
}
