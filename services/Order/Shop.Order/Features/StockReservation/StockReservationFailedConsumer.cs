using MassTransit;
using Microsoft.Extensions.Logging;
using Shop.Catalog.Contracts.Messages;
using Shop.Messaging.Outbox;
using Shop.Order.Contracts;
using Shop.Order.Contracts.Messages;
using Shop.Order.Diagnostics;
using Shop.Order.Features.Shared;
using Shop.Order.Persistence;

namespace Shop.Order.Features.StockReservation;

/// <summary>
/// The catalog could not reserve every unit (and so reserved none): the order is cancelled as out of stock and
/// <see cref="OrderCancelled"/> is published. There is nothing to release.
/// </summary>
internal sealed class StockReservationFailedConsumer(
    IOutbox outbox,
    OrderMetrics metrics,
    TimeProvider time,
    ILogger<StockReservationFailedConsumer> logger)
    : OrderStateConsumer<StockReservationFailed>(logger)
{
    protected override async Task HandleAsync(ConsumeContext<StockReservationFailed> context, OrderDbContext db, CancellationToken cancellationToken)
    {
        var order = await FindOrderAsync(db, context.Message.OrderId, cancellationToken);
        if (order is null || !Applied(order.CancelOutOfStock(time.GetUtcNow()), order))
        {
            return;
        }
        outbox.Publish(db, OrderRecords.Cancelled(order), correlationId: order.Id, conversationId: context.ConversationId);
        AfterCommit(() =>
        {
            metrics.OrderCancelled(CancelReasons.OutOfStock);
            Logger.OrderCancelled(order.Id, CancelReasons.OutOfStock);
        });
    }
}
