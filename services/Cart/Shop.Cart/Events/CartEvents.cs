using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Cart.Contracts.Messages;
using Shop.Cart.Diagnostics;

namespace Shop.Cart.Events;

/// <summary>
/// Publishes the cart's funnel events straight to the bus, after the cart is saved. The cart has no database and so
/// no outbox: an event lost to a broker outage is counted and logged, never retried, and the buyer's request still
/// succeeds. That is acceptable only because these events feed statistics; anything that changes state elsewhere
/// (a checkout) goes through a request the buyer sees fail.
/// </summary>
internal sealed class CartEvents(
    IPublishEndpoint publishEndpoint,
    IOptions<CartOptions> options,
    TimeProvider time,
    CartMetrics metrics,
    ILogger<CartEvents> logger)
{
    public async Task ItemAddedAsync(string buyerId, Guid productId, int quantity, decimal unitPrice, CancellationToken cancellationToken)
    {
        var message = new CartItemAdded(buyerId, productId, quantity, unitPrice, time.GetUtcNow());
        // Bounded: with the broker gone, the publish would wait for a connection and hold the buyer's answer hostage.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.EventPublishTimeout);
        try
        {
            await publishEndpoint.Publish(message, timeout.Token);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is MassTransitException or OperationCanceledException or TimeoutException)
        {
            metrics.EventPublishFailed();
            logger.ItemAddedNotPublished(productId, ex);
        }
    }
}
