using Microsoft.EntityFrameworkCore;
using Shop.Reporting.Persistence;
using Shop.Reporting.Projections;
using Shop.Reporting.Rollup;

namespace Shop.Reporting.Rebuild;

/// <summary>What a rebuild found.</summary>
/// <param name="Orders">Orders replayed.</param>
/// <param name="Products">Products with sales.</param>
/// <param name="MinuteBuckets">Minute buckets with sales, before compaction.</param>
/// <param name="Conflicts">Events ignored because they contradicted an order's final status.</param>
internal sealed record RebuildResult(long Orders, int Products, int MinuteBuckets, long Conflicts);

/// <summary>
/// Recomputes every order-derived read model from an <see cref="IOrderHistorySource"/>, in one transaction:
/// <list type="number">
/// <item>Lock the read-model tables (<c>EXCLUSIVE</c>: readers go on reading the old figures, writers wait), in the order
/// the consumers write them, so a consumer holding one table never waits for the rebuild while holding another.</item>
/// <item>Only then read the source. The order module commits a state change before its event can reach a consumer, so
/// every event a consumer applied before the lock is in the snapshot; every event still waiting is applied after the
/// rebuild commits, against the rebuilt per-order records (an order consumer locks the orders table before it reads a
/// record, so it cannot have read the old one), which turn the events already in the snapshot into no-ops.</item>
/// <item>Delete the old figures, replay each order's history through <see cref="OrderProjection"/> (the consumers'
/// code), write the order records as they come and the merged aggregates at the end, with <see cref="ReportWriter"/>.</item>
/// <item>Compact minute buckets that are behind the rollup horizon again, so minute and hour queries keep their meaning.</item>
/// </list>
/// The cart step of the funnel (<c>first_carted_at</c>) is not in the order database and is kept as it was.
/// </summary>
internal sealed class ReportRebuilder(ReportingDbContext db)
{
    private const string LockReadModels =
        $"LOCK TABLE {ReportingSchema.Orders.Qualified}, {ReportingSchema.ProductSales.Qualified}, " +
        $"{ReportingSchema.FunnelBuyers.Qualified}, {ReportingSchema.SalesMinutes.Qualified}, {ReportingSchema.SalesHours.Qualified}, " +
        $"{ReportingSchema.OrderStatusCounts.Qualified} IN EXCLUSIVE MODE";

    private const string DeleteOrderFigures =
        $"""
        DELETE FROM {ReportingSchema.Orders.Qualified};
        DELETE FROM {ReportingSchema.ProductSales.Qualified};
        UPDATE {ReportingSchema.FunnelBuyers.Qualified} SET first_checkout_at = NULL, first_confirmed_at = NULL
            WHERE first_checkout_at IS NOT NULL OR first_confirmed_at IS NOT NULL;
        DELETE FROM {ReportingSchema.SalesMinutes.Qualified};
        DELETE FROM {ReportingSchema.SalesHours.Qualified};
        DELETE FROM {ReportingSchema.OrderStatusCounts.Qualified};
        """;

    private const string DeleteEmptyBuyers =
        $"DELETE FROM {ReportingSchema.FunnelBuyers.Qualified} " +
        "WHERE first_carted_at IS NULL AND first_checkout_at IS NULL AND first_confirmed_at IS NULL";

    public async Task<RebuildResult> RebuildAsync(IOrderHistorySource source, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            // Statements here may wait for locks or move many rows; the source's reading is not bounded either.
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
            await db.Database.ExecuteSqlRawAsync(LockReadModels, token);
            await db.Database.ExecuteSqlRawAsync(DeleteOrderFigures, token);

            var aggregates = new ReportChanges();
            var batch = new List<ReportedOrder>(ReportWriter.MaxRowsPerStatement);
            long orders = 0;
            long conflicts = 0;
            await foreach (var history in source.ReadAsync(token))
            {
                var (order, changes, orderConflicts) = OrderProjection.Replay(history);
                aggregates.Merge(changes);
                conflicts += orderConflicts;
                if (order is null)
                {
                    continue;
                }
                orders++;
                batch.Add(order);
                if (batch.Count == ReportWriter.MaxRowsPerStatement)
                {
                    await ReportWriter.WriteOrdersAsync(db, batch, token);
                    batch.Clear();
                }
            }
            await ReportWriter.WriteOrdersAsync(db, batch, token);
            await ReportWriter.WriteAsync(db, aggregates, token);
            await db.Database.ExecuteSqlRawAsync(DeleteEmptyBuyers, token);

            if (await SalesRollup.HorizonAsync(db, token) is { } horizon)
            {
                await SalesRollup.CompactAsync(db, horizon, token);
            }
            await transaction.CommitAsync(token);
            return new RebuildResult(orders, aggregates.Products.Count(), aggregates.Minutes.Count(), conflicts);
        }, cancellationToken);
    }
}
