using System.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Shop.Reporting.Contracts;
using Shop.Reporting.Persistence;
using Shop.Reporting.Projections;
using Shop.Reporting.Rollup;

namespace Shop.Reporting.Features.Sales;

/// <summary>
/// <c>GET /api/reports/sales?from=&amp;to=&amp;bucket=minute|hour</c>: confirmed orders, units and revenue per minute or
/// hour of confirmation (UTC), oldest first, only buckets with sales. Defaults: the last hour, per minute.
/// <list type="bullet">
/// <item><c>bucket=hour</c> reads the hours the rollup compacted and the minutes it has not compacted yet (summed per
/// hour), so its answer is the same before and after a rollup.</item>
/// <item><c>bucket=minute</c> reads minute buckets only. Once a rollup has compacted the minutes before its horizon,
/// that detail no longer exists: a range starting before the horizon is refused (400, pointing to <c>bucket=hour</c>)
/// rather than answered with hour totals dressed as minutes or with minutes that silently look empty.</item>
/// </list>
/// </summary>
internal static class GetSalesEndpoint
{
    private const string HourBuckets =
        $"""
        SELECT bucket_start AS "BucketStart", sum(orders)::bigint AS "Orders", sum(items)::bigint AS "Items", sum(revenue) AS "Revenue"
        FROM (
            SELECT bucket_start, orders, items, revenue
            FROM {ReportingSchema.SalesHours.Qualified}
            WHERE bucket_start >= @from AND bucket_start < @to
            UNION ALL
            SELECT date_trunc('hour', bucket_start, 'UTC'), orders, items, revenue
            FROM {ReportingSchema.SalesMinutes.Qualified}
            WHERE bucket_start >= @from AND bucket_start < @minutes_to
        ) AS buckets
        GROUP BY bucket_start
        ORDER BY bucket_start
        """;

    public static RouteHandlerBuilder MapGetSales(this IEndpointRouteBuilder reports) =>
        reports.MapGet("/sales", HandleAsync)
            .WithName("Reporting.GetSales")
            .WithSummary("Sales per minute or hour")
            .WithDescription("Confirmed orders, units and revenue per bucket of confirmation time (UTC), buckets without sales left out. "
                + "from/to are ISO 8601 (default: the last hour); bucket is minute (default, at most 31 days) or hour (at most 366 days).")
            .Produces<IReadOnlyList<SalesBucket>>()
            .ProducesValidationProblem();

    /// <summary>The parameters are taken as text so that a malformed one is a validation problem naming it, not a bare 400.</summary>
    internal static async Task<Results<Ok<IReadOnlyList<SalesBucket>>, ValidationProblem>> HandleAsync(
        string? from,
        string? to,
        string? bucket,
        ReportingDbContext db,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (!SalesQuery.TryCreate(from, to, bucket, time.GetUtcNow(), out var query, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }
        if (query!.Bucket == BucketSize.Hour)
        {
            return TypedResults.Ok(await HoursAsync(db, query, cancellationToken));
        }

        var minutes = await MinutesAsync(db, query, cancellationToken);
        if (minutes is null)
        {
            var horizon = await SalesRollup.HorizonAsync(db, cancellationToken);
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["bucket"] = [$"Minute buckets before {horizon:O} have been compacted into hours; ask for bucket=hour, or start at {horizon:O} or later."],
            });
        }
        return TypedResults.Ok(minutes);
    }

    private static async Task<IReadOnlyList<SalesBucket>> HoursAsync(ReportingDbContext db, SalesQuery query, CancellationToken cancellationToken)
    {
        // One statement reads both tables from one snapshot, so a rollup committing meanwhile cannot hide or double a sale.
        var minutesTo = BucketTime.Ceiling(query.To, BucketSize.Hour.Length);
        return await db.Database.SqlQueryRaw<SalesBucket>(HourBuckets,
                new NpgsqlParameter<DateTimeOffset>("from", query.From),
                new NpgsqlParameter<DateTimeOffset>("to", query.To),
                new NpgsqlParameter<DateTimeOffset>("minutes_to", minutesTo))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The minute buckets, or null when the range starts before the rollup horizon.</summary>
    private static async Task<IReadOnlyList<SalesBucket>?> MinutesAsync(ReportingDbContext db, SalesQuery query, CancellationToken cancellationToken)
    {
        // Horizon and buckets from one snapshot: a rollup committing between the two reads could otherwise delete
        // minutes this answer was about to include, and the answer would look complete.
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async token =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, token);
            if (await SalesRollup.HorizonAsync(db, token) is { } horizon && query.From < horizon)
            {
                return null;
            }
            IReadOnlyList<SalesBucket> buckets = await db.SalesMinutes.AsNoTracking()
                .Where(m => m.BucketStart >= query.From && m.BucketStart < query.To)
                .OrderBy(m => m.BucketStart)
                .Select(m => new SalesBucket(m.BucketStart, m.Orders, m.Items, m.Revenue))
                .ToListAsync(token);
            await transaction.CommitAsync(token);
            return buckets;
        }, cancellationToken);
    }
}
