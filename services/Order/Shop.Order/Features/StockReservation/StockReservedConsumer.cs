using MassTransit;
using Microsoft.Extensions.Logging;
using Shop.Catalog.Contracts.Messages;
using Shop.Messaging.Outbox;
using Shop.Order.Diagnostics;
using Shop.Order.Domain;
using Shop.Order.Features.Payment;
using Shop.Order.Features.Shared;
using Shop.Order.Persistence;

namespace Shop.Order.Features.StockReservation;

/// <summary>
/// The catalog reserved the order's stock: the order moves to StockReserved and asks for payment by sending
/// <see cref="ProcessPayment"/> to its own queue, in the same transaction. A second StockReserved for the order (the
/// same message redelivered, or a copy with a new id) finds it past Submitted and asks for nothing, so an order is
/// charged once. Stock reserved for an order that is already cancelled is handed back with <see cref="ReleaseStock"/>.
/// </summary>
internal sealed class StockReservedConsumer(IOutbox outbox, TimeProvider time, ILogger<StockReservedConsumer> logger)
    : OrderStateConsumer<StockReserved>(logger)
{
    protected override async Task HandleAsync(ConsumeContext<StockReserved> context, OrderDbContext db, CancellationToken cancellationToken)
    {
        var order = await FindOrderAsync(db, context.Message.OrderId, cancellationToken);
        if (order is null)
        {
            return;
        }

        var result = order.MarkStockReserved(time.GetUtcNow());
        if (result == TransitionResult.Stale && order.State == OrderState.Cancelled)
        {
            // Units held for an order that will not happen would be lost to every other buyer. Releasing is idempotent
            // in the catalog, so it does no harm when a payment-declined cancellation has released them already.
            outbox.Send(db, new ReleaseStock(order.Id), Destinations.CatalogReleaseStock,
                correlationId: order.Id, conversationId: context.ConversationId);
            AfterCommit(() => Logger.ReleasingStockOfCancelledOrder(order.Id));
            return;
        }
        if (!Applied(result, order))
        {
            return;
        }
        outbox.Send(db, new ProcessPayment(order.Id, order.Total), Destinations.OrderProcessPayment,
            correlationId: order.Id, conversationId: context.ConversationId);
        AfterCommit(() => Logger.StockReserved(order.Id));
    }
}
