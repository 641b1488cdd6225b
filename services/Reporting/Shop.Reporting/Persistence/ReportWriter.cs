using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Shop.Reporting.Projections;

namespace Shop.Reporting.Persistence;

/// <summary>
/// Writes order records and <see cref="ReportChanges"/> with atomic upserts (<c>INSERT ... ON CONFLICT DO UPDATE SET
/// x = x + excluded.x</c>): the database adds to the row as it is when the lock is granted, so concurrent consumers
/// never lose an increment, and no row is read first. Rows go in arrays through <c>unnest</c>, one statement per table
/// and chunk, the same statements for one event (a consumer) and for millions (the rebuild).
/// </summary>
/// <remarks>
/// Lock order: a transaction locks rows table by table, orders first (<see cref="WriteOrdersAsync"/>), then in the order
/// of <see cref="WriteAsync"/> (products, buyers, minute buckets, status counters), and within a table in the key order
/// of each statement's <c>ORDER BY</c>.
/// Every writer follows it, so two transactions can wait for each other but never in a cycle. The busiest rows (the
/// current minute bucket and the status counters) come last, to hold their locks for the shortest time before commit.
/// </remarks>
internal static class ReportWriter
{
    /// <summary>Rows per statement: big enough for the rebuild to go fast, small enough to keep a statement short.</summary>
    public const int MaxRowsPerStatement = 1000;

    private const string UpsertOrders =
        $"""
        INSERT INTO {ReportingSchema.Orders.Qualified} AS o
            (order_id, buyer_id, status, cancel_reason, total, items, submitted_at, completed_at)
        SELECT * FROM unnest(@order_ids, @buyer_ids, @statuses, @cancel_reasons, @totals, @items, @submitted_at, @completed_at)
        ORDER BY 1
        ON CONFLICT (order_id) DO UPDATE SET
            buyer_id = excluded.buyer_id,
            status = excluded.status,
            cancel_reason = excluded.cancel_reason,
            total = excluded.total,
            items = excluded.items,
            submitted_at = excluded.submitted_at,
            completed_at = excluded.completed_at
        """;

    // The name follows the latest sale; on equal times the greater name in bytes wins, as ProductTotals.Add does in memory.
    private const string UpsertProducts =
        $"""
        INSERT INTO {ReportingSchema.ProductSales.Qualified} AS p (product_id, name, quantity, revenue, last_sold_at)
        SELECT * FROM unnest(@product_ids, @names, @quantities, @revenues, @last_sold_at)
        ORDER BY 1
        ON CONFLICT (product_id) DO UPDATE SET
            quantity = p.quantity + excluded.quantity,
            revenue = p.revenue + excluded.revenue,
            name = CASE
                WHEN excluded.last_sold_at > p.last_sold_at
                  OR (excluded.last_sold_at = p.last_sold_at AND excluded.name COLLATE "C" > p.name COLLATE "C")
                THEN excluded.name ELSE p.name END,
            last_sold_at = GREATEST(p.last_sold_at, excluded.last_sold_at)
        """;

    private const string UpsertMinutes =
        $"""
        INSERT INTO {ReportingSchema.SalesMinutes.Qualified} AS s (bucket_start, orders, items, revenue)
        SELECT * FROM unnest(@bucket_starts, @orders, @items, @revenues)
        ORDER BY 1
        ON CONFLICT (bucket_start) DO UPDATE SET
            orders = s.orders + excluded.orders,
            items = s.items + excluded.items,
            revenue = s.revenue + excluded.revenue
        """;

    private const string UpsertStatusCounts =
        $"""
        INSERT INTO {ReportingSchema.OrderStatusCounts.Qualified} AS c (status, cancel_reason, orders, items, amount)
        SELECT * FROM unnest(@statuses, @cancel_reasons, @orders, @items, @amounts)
        ORDER BY 1, 2
        ON CONFLICT (status, cancel_reason) DO UPDATE SET
            orders = c.orders + excluded.orders,
            items = c.items + excluded.items,
            amount = c.amount + excluded.amount
        """;

    // LEAST and GREATEST ignore nulls. The WHERE skips the write (not the row lock) when nothing moves earlier, which is
    // the usual case for a buyer adding a second product: no dead row version for every cart event.
    private const string UpsertBuyers =
        $"""
        INSERT INTO {ReportingSchema.FunnelBuyers.Qualified} AS f (buyer_id, first_carted_at, first_checkout_at, first_confirmed_at)
        SELECT * FROM unnest(@buyer_ids, @carted_at, @checkout_at, @confirmed_at)
        ORDER BY 1
        ON CONFLICT (buyer_id) DO UPDATE SET
            first_carted_at = LEAST(f.first_carted_at, excluded.first_carted_at),
            first_checkout_at = LEAST(f.first_checkout_at, excluded.first_checkout_at),
            first_confirmed_at = LEAST(f.first_confirmed_at, excluded.first_confirmed_at)
        WHERE (f.first_carted_at, f.first_checkout_at, f.first_confirmed_at) IS DISTINCT FROM
              (LEAST(f.first_carted_at, excluded.first_carted_at),
               LEAST(f.first_checkout_at, excluded.first_checkout_at),
               LEAST(f.first_confirmed_at, excluded.first_confirmed_at))
        """;

    /// <summary>Inserts or replaces the records of <paramref name="orders"/> (the caller holds each order's lock).</summary>
    public static async Task WriteOrdersAsync(DbContext db, IReadOnlyList<ReportedOrder> orders, CancellationToken cancellationToken)
    {
        foreach (var chunk in orders.Chunk(MaxRowsPerStatement))
        {
            await db.Database.ExecuteSqlRawAsync(UpsertOrders,
            [
                Array("order_ids", chunk.Select(o => o.OrderId)),
                Array("buyer_ids", chunk.Select(o => o.BuyerId)),
                Array("statuses", chunk.Select(o => o.Status)),
                Array("cancel_reasons", chunk.Select(o => o.CancelReason), NpgsqlDbType.Text),
                Array("totals", chunk.Select(o => o.Total)),
                Array("items", chunk.Select(o => o.Items)),
                Array("submitted_at", chunk.Select(o => o.SubmittedAt.ToUniversalTime())),
                Array("completed_at", chunk.Select(o => o.CompletedAt?.ToUniversalTime()), NpgsqlDbType.TimestampTz),
            ], cancellationToken);
        }
    }

    /// <summary>Adds <paramref name="changes"/> to the aggregate read models, table by table in lock order.</summary>
    public static async Task WriteAsync(DbContext db, ReportChanges changes, CancellationToken cancellationToken)
    {
        foreach (var chunk in changes.Products.Chunk(MaxRowsPerStatement))
        {
            await db.Database.ExecuteSqlRawAsync(UpsertProducts,
            [
                Array("product_ids", chunk.Select(p => p.Key)),
                Array("names", chunk.Select(p => p.Value.Name)),
                Array("quantities", chunk.Select(p => p.Value.Quantity)),
                Array("revenues", chunk.Select(p => p.Value.Revenue)),
                Array("last_sold_at", chunk.Select(p => p.Value.LastSoldAt.ToUniversalTime())),
            ], cancellationToken);
        }
        foreach (var chunk in changes.Buyers.Chunk(MaxRowsPerStatement))
        {
            await db.Database.ExecuteSqlRawAsync(UpsertBuyers,
            [
                Array("buyer_ids", chunk.Select(b => b.Key)),
                Array("carted_at", chunk.Select(b => b.Value.CartedAt?.ToUniversalTime()), NpgsqlDbType.TimestampTz),
                Array("checkout_at", chunk.Select(b => b.Value.CheckedOutAt?.ToUniversalTime()), NpgsqlDbType.TimestampTz),
                Array("confirmed_at", chunk.Select(b => b.Value.ConfirmedAt?.ToUniversalTime()), NpgsqlDbType.TimestampTz),
            ], cancellationToken);
        }
        foreach (var chunk in changes.Minutes.Chunk(MaxRowsPerStatement))
        {
            await db.Database.ExecuteSqlRawAsync(UpsertMinutes,
            [
                Array("bucket_starts", chunk.Select(m => m.Key.ToUniversalTime())),
                Array("orders", chunk.Select(m => m.Value.Orders)),
                Array("items", chunk.Select(m => m.Value.Items)),
                Array("revenues", chunk.Select(m => m.Value.Amount)),
            ], cancellationToken);
        }
        foreach (var chunk in changes.Statuses.Chunk(MaxRowsPerStatement))
        {
            await db.Database.ExecuteSqlRawAsync(UpsertStatusCounts,
            [
                Array("statuses", chunk.Select(s => s.Key.Status)),
                Array("cancel_reasons", chunk.Select(s => s.Key.CancelReason)),
                Array("orders", chunk.Select(s => s.Value.Orders)),
                Array("items", chunk.Select(s => s.Value.Items)),
                Array("amounts", chunk.Select(s => s.Value.Amount)),
            ], cancellationToken);
        }
    }

    private static NpgsqlParameter Array<T>(string name, IEnumerable<T> values, NpgsqlDbType? elementType = null)
    {
        var parameter = new NpgsqlParameter(name, values.ToArray());
        // Arrays that may hold nulls get their element type spelled out; the others are inferred from T.
        if (elementType is { } type)
        {
            parameter.NpgsqlDbType = NpgsqlDbType.Array | type;
        }
        return parameter;
    }
}
