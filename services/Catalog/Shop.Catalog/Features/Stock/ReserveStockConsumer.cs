using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Shop.Catalog.Caching;
using Shop.Catalog.Contracts.Messages;
using Shop.Catalog.Diagnostics;
using Shop.Catalog.Domain;
using Shop.Catalog.Persistence;
using Shop.Messaging.Inbox;
using Shop.Messaging.Outbox;

namespace Shop.Catalog.Features.Stock;

/// <summary>
/// Queue <c>catalog-reserve-stock</c>: takes an order's units out of stock, all of them or none, and answers with
/// <see cref="StockReserved"/> or <see cref="StockReservationFailed"/>, staged in the same transaction.
/// <list type="bullet">
/// <item>Each product's stock goes down with one conditional <c>UPDATE ... SET stock = stock - q WHERE id = @id AND
/// stock &gt;= q</c>. PostgreSQL serialises concurrent updates of a row and re-checks the condition on the newest
/// version, so stock never goes negative and no unit is sold twice; there is no read-then-write window.</item>
/// <item>Products are updated in <see cref="ReservationRequest.LockOrder"/>, so orders sharing products never deadlock.</item>
/// <item>When a product falls short or does not exist, the updates already made are rolled back to a savepoint; the
/// inbox record and the failure event still commit, and the event lists every unavailable product.</item>
/// <item>A copy with the same MessageId is dropped by the inbox. A command sent again for the same order with a new
/// MessageId finds the order's reservation rows and repeats the answer from them. Copies running at once are
/// serialised by a transaction-scoped advisory lock on the order, so the later one waits and then finds the rows;
/// the primary key (order, product) stays as the backstop.</item>
/// </list>
/// A failed attempt leaves no rows, so a later command for the same order is judged afresh on the stock of that moment.
/// </summary>
internal sealed class ReserveStockConsumer(
    IOutbox outbox,
    ProductCache cache,
    CatalogMetrics metrics,
    TimeProvider time,
    ILogger<ReserveStockConsumer> logger)
    : IdempotentConsumer<ReserveStock, CatalogDbContext>
{
    private const string Savepoint = "reserve_stock";

    /// <summary>
    /// <c>pg_advisory_xact_lock(class, key)</c>: the first number names this lock's purpose ("CTRS", catalog stock
    /// reservation), so it cannot collide with other advisory locks of the database (the monolith shares one); the
    /// second is a hash of the order id. A hash collision only makes two orders wait for each other briefly.
    /// </summary>
    private const string LockReservationOfOrder = "SELECT pg_advisory_xact_lock(1129599571, hashtext({0}::text))";

    /// <summary>The inbox key, pinned so that processed ids stay valid if the class is renamed or moved.</summary>
    protected override string ConsumerName => "catalog-reserve-stock";

    protected override async Task HandleAsync(ConsumeContext<ReserveStock> context, CatalogDbContext db, CancellationToken cancellationToken)
    {
        var orderId = context.Message.OrderId;

        // Held until commit: the existing-rows check below sees whatever an earlier copy of this order committed.
        await db.Database.ExecuteSqlRawAsync(LockReservationOfOrder, [orderId], cancellationToken);
        var existing = await db.StockReservations
            .AsNoTracking()
            .Where(r => r.OrderId == orderId)
            .Select(r => new StockItem(r.ProductId, r.Quantity))
            .ToListAsync(cancellationToken);
        if (existing.Count > 0)
        {
            existing.Sort((a, b) => ReservationRequest.LockOrder.Compare(a.ProductId, b.ProductId));
            Publish(context, db, new StockReserved(orderId, existing));
            AfterCommit(() => logger.ReservationAlreadyExists(orderId));
            return;
        }

        var request = ReservationRequest.From(context.Message.Items);
        if (!request.CanBeTried)
        {
            Publish(context, db, new StockReservationFailed(orderId, request.InvalidProductIds));
            AfterCommit(() =>
            {
                logger.ReservationRequestInvalid(orderId, request.Problem!);
                metrics.StockReservationFailed(stockouts: 0);
            });
            return;
        }

        var transaction = db.Database.CurrentTransaction
            ?? throw new InvalidOperationException("HandleAsync runs inside the inbox transaction.");
        await transaction.CreateSavepointAsync(Savepoint, cancellationToken);

        var now = time.GetUtcNow();
        var unavailable = new List<Guid>();
        foreach (var line in request.Lines)
        {
            var quantity = line.Quantity;
            var updated = await db.Products
                .Where(p => p.Id == line.ProductId && p.Stock >= quantity)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(p => p.Stock, p => p.Stock - quantity)
                    .SetProperty(p => p.UpdatedAt, now), cancellationToken);
            if (updated == 0)
            {
                // Keep going: the failure event should name every product the buyer cannot have, not just the first.
                unavailable.Add(line.ProductId);
            }
        }

        if (unavailable.Count > 0)
        {
            await transaction.RollbackToSavepointAsync(Savepoint, cancellationToken);
            // Only the failure path pays for telling a sold-out product from an id the catalog never had.
            var stockouts = await db.Products.CountAsync(p => unavailable.Contains(p.Id), cancellationToken);
            Publish(context, db, new StockReservationFailed(orderId, unavailable));
            AfterCommit(() =>
            {
                logger.StockReservationFailed(orderId, string.Join(", ", unavailable));
                metrics.StockReservationFailed(stockouts);
            });
            return;
        }

        foreach (var line in request.Lines)
        {
            db.StockReservations.Add(new StockReservation(orderId, line.ProductId, line.Quantity, now));
        }
        Publish(context, db, new StockReserved(orderId, request.Lines));
        var units = request.Lines.Sum(line => (long)line.Quantity);
        AfterCommit(async () =>
        {
            // Cached details carry the stock level. Invalidated only once committed, so no reader caches the stock of an
            // uncommitted attempt; the consumer's token may be cancelled by now, the change is not.
            await cache.InvalidateManyAsync([.. request.Lines.Select(line => line.ProductId)], CancellationToken.None);
            metrics.StockReserved(units);
            logger.StockReserved(orderId, units, request.Lines.Count);
        });
    }

    private void Publish<TMessage>(ConsumeContext<ReserveStock> context, CatalogDbContext db, TMessage message)
        where TMessage : class =>
        outbox.Publish(db, message, correlationId: context.Message.OrderId, conversationId: context.ConversationId);
}
