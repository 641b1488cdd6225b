using Microsoft.Extensions.Logging;
using Shop.Cart.Diagnostics;
using Shop.Cart.Features.Shared;
using Shop.Cart.Storage;
using Shop.Order.Contracts;
using Shop.Order.Contracts.Messages;

namespace Shop.Cart.Features.Checkout;

internal enum CheckoutStatus
{
    /// <summary>The order module accepted the order (now or on an earlier attempt with the same key).</summary>
    Accepted,

    /// <summary>The cart holds nothing that can be ordered; nothing was sent.</summary>
    EmptyCart,

    /// <summary>The order module refused the order; the same key will always get the same refusal.</summary>
    Rejected,
}

/// <param name="Status">What happened.</param>
/// <param name="OrderId">The order, when <see cref="Status"/> is <see cref="CheckoutStatus.Accepted"/>.</param>
/// <param name="Rejection">The order module's reasons, when <see cref="Status"/> is <see cref="CheckoutStatus.Rejected"/>.</param>
internal readonly record struct CheckoutResult(CheckoutStatus Status, Guid OrderId, OrderRejected? Rejection);

/// <summary>
/// Turns a buyer's cart into an order, once per idempotency key.
/// </summary>
/// <remarks>
/// <para>
/// The order id comes from the buyer and the key (<see cref="OrderIds"/>). The first attempt prices the cart with the
/// catalog's current prices and keeps the resulting <see cref="SubmitOrder"/> in Redis under that id before sending
/// it; every later attempt with the same key sends that kept order again, unchanged. So a retry gets the same order
/// even when the cart changed in between, or was emptied by the order's confirmation, and concurrent attempts all send
/// one order (the first to be kept wins). The order module's unique order id is the final guard: even after the kept
/// order has expired (<see cref="CartOptions.CheckoutRetention"/>), a repeat finds the existing order.
/// </para>
/// <para>
/// The cart is not emptied here. It is emptied when the order is confirmed (<c>OrderConfirmedConsumer</c>), so an
/// order cancelled for lack of stock or a declined payment leaves the buyer's cart as it was. Stock is not checked
/// either: the catalog's reservation decides, all or nothing, when the order module asks for it.
/// </para>
/// </remarks>
internal sealed class CartCheckout(
    CartStore store,
    PricedCartReader reader,
    OrderSubmission submission,
    CartMetrics metrics,
    ILogger<CartCheckout> logger)
{
    /// <exception cref="DependencyUnavailableException">The catalog or the order module did not answer.</exception>
    public async Task<CheckoutResult> CheckoutAsync(string buyerId, string idempotencyKey, CancellationToken cancellationToken)
    {
        try
        {
            var orderId = OrderIds.For(buyerId, idempotencyKey);
            var order = await store.FindCheckoutAsync(buyerId, orderId, cancellationToken);
            if (order is null)
            {
                order = await PriceOrderAsync(buyerId, orderId, idempotencyKey, cancellationToken);
                if (order is null)
                {
                    metrics.Checkout(CheckoutResults.Empty);
                    return new CheckoutResult(CheckoutStatus.EmptyCart, Guid.Empty, null);
                }
                order = await store.SaveCheckoutAsync(order, cancellationToken);
            }
            else
            {
                logger.CheckoutRepeated(orderId);
            }

            var (accepted, rejected) = await submission.SubmitAsync(order, cancellationToken);
            if (accepted is null)
            {
                metrics.Checkout(CheckoutResults.Rejected);
                logger.CheckoutRejected(orderId, rejected!.Reason, rejected.Detail);
                return new CheckoutResult(CheckoutStatus.Rejected, Guid.Empty, rejected);
            }
            metrics.Checkout(CheckoutResults.Accepted);
            logger.CheckoutAccepted(accepted.OrderId, order.Lines.Count, accepted.Created);
            return new CheckoutResult(CheckoutStatus.Accepted, accepted.OrderId, null);
        }
        catch (Exception ex) when (ex is DependencyUnavailableException || DependencyFailureFilter.IsRedisUnavailable(ex))
        {
            metrics.Checkout(CheckoutResults.Failed);
            throw;
        }
    }

    private async Task<SubmitOrder?> PriceOrderAsync(string buyerId, Guid orderId, string idempotencyKey, CancellationToken cancellationToken)
    {
        var cart = await reader.ReadAsync(buyerId, cancellationToken);
        if (cart.Lines.Count == 0)
        {
            return null;
        }
        List<OrderLine> lines = [.. cart.Lines.Select(line => new OrderLine(line.ProductId, line.Name, line.UnitPrice, line.Quantity))];
        return new SubmitOrder(orderId, buyerId, idempotencyKey, lines);
    }
}
