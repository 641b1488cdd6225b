using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Shop.Catalog.Caching;
using Shop.Catalog.Contracts.Messages;
using Shop.Catalog.Diagnostics;
using Shop.Catalog.Persistence;
using Shop.Messaging.Inbox;
using Shop.Messaging.Outbox;
using Columns = Shop.Catalog.Persistence.CatalogSchema.StockReservations;

namespace Shop.Catalog.Features.Stock;

/// <summary>
/// Queue <c>catalog-release-stock</c>: puts every unreleased unit reserved for an order back into stock and answers
/// with <see cref="StockReleased"/> listing what went back (empty when nothing was left to release).
/// <para>
/// Releasing is idempotent on two levels: the inbox drops a redelivered copy, and a release sent again with a new
/// MessageId finds the rows already marked released. The rows are locked first (<c>FOR UPDATE</c>), so two releases of
/// one order running at once cannot both return the units: the second waits, then sees the rows released.
/// </para>
/// </summary>
internal sealed class ReleaseStockConsumer(
    IOutbox outbox,
    ProductCache cache,
    CatalogMetrics metrics,
    TimeProvider time,
    ILogger<ReleaseStockConsumer> logger)
    : IdempotentConsumer<ReleaseStock, CatalogDbContext>
{
    private const string LockUnreleased =
        "SELECT * FROM " + CatalogSchema.Name + "." + Columns.Table
        + " WHERE " + Columns.OrderId + " = {0} AND " + Columns.ReleasedAt + " IS NULL FOR UPDATE";

    /// <summary>The inbox key, pinned so that processed ids stay valid if the class is renamed or moved.</summary>
    protected override string ConsumerName => "catalog-release-stock";

    protected override async Task HandleAsync(ConsumeContext<ReleaseStock> context, CatalogDbContext db, CancellationToken cancellationToken)
    {
        var orderId = context.Message.OrderId;

        var reservations = await db.StockReservations
            .FromSqlRaw(LockUnreleased, orderId)
            .ToListAsync(cancellationToken);
        // The same product order as reservations use, so a release and a reservation sharing products cannot deadlock.
        reservations.Sort((a, b) => ReservationRequest.LockOrder.Compare(a.ProductId, b.ProductId));

        var now = time.GetUtcNow();
        foreach (var reservation in reservations)
        {
            var quantity = reservation.Quantity;
            await db.Products
                .Where(p => p.Id == reservation.ProductId)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(p => p.Stock, p => p.Stock + quantity)
                    .SetProperty(p => p.UpdatedAt, now), cancellationToken);
            reservation.Release(now);
        }

        var released = reservations.Select(r => new StockItem(r.ProductId, r.Quantity)).ToList();
        outbox.Publish(db, new StockReleased(orderId, released), correlationId: orderId, conversationId: context.ConversationId);

        if (released.Count == 0)
        {
            AfterCommit(() => logger.NothingToRelease(orderId));
            return;
        }
        var units = released.Sum(item => (long)item.Quantity);
        AfterCommit(async () =>
        {
            await cache.InvalidateManyAsync([.. released.Select(item => item.ProductId)], CancellationToken.None);
            metrics.StockReleased(units);
            logger.StockReleased(orderId, units, released.Count);
        });
    }
}
