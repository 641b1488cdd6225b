using MassTransit;
using Microsoft.Extensions.Logging;
using Shop.Cart.Diagnostics;
using Shop.Cart.Storage;
using Shop.Order.Contracts.Messages;

namespace Shop.Cart.Features.OrderConfirmation;

/// <summary>
/// Queue <c>cart-order-confirmed</c>: when an order is confirmed, takes its units out of the buyer's cart. A line the
/// buyer raised after checking out keeps the difference; a line already removed stays removed.
/// </summary>
/// <remarks>
/// The cart lives in Redis and has no SQL database, so it cannot use <c>IdempotentConsumer</c> (whose inbox row commits
/// in the same database transaction as the effect) and has no outbox to stage messages in. It gets the same guarantee
/// from Redis instead: one Lua script checks a marker for the order, changes the cart and writes the marker, atomically
/// (see <see cref="CartScripts.ApplyConfirmedOrder"/>). The marker is keyed by order rather than by MessageId because
/// the effect belongs to the order: it also absorbs a confirmation republished under a new MessageId. It is kept for
/// <see cref="CartOptions.ConfirmedOrderRetention"/>. The consumer publishes nothing, so there is nothing to lose
/// between the change and a message. A Redis failure throws, and the Shop retry policy and <c>_error</c> queue apply.
/// </remarks>
internal sealed class OrderConfirmedConsumer(
    CartStore store,
    CartMetrics metrics,
    ILogger<OrderConfirmedConsumer> logger) : IConsumer<OrderConfirmed>
{
    public async Task Consume(ConsumeContext<OrderConfirmed> context)
    {
        var order = context.Message;
        var outcome = await store.ApplyConfirmedOrderAsync(order.BuyerId, order.OrderId, order.Lines, context.CancellationToken);
        metrics.OrderConfirmationApplied(outcome);
        if (outcome == ConfirmationOutcome.Duplicate)
        {
            logger.ConfirmedOrderDuplicate(order.OrderId, context.MessageId);
        }
        else
        {
            logger.ConfirmedOrderApplied(order.OrderId, outcome.ToString());
        }
    }
}
