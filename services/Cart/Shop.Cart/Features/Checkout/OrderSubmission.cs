using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Cart.Diagnostics;
using Shop.Cart.Features.Shared;
using Shop.Order.Contracts.Messages;

namespace Shop.Cart.Features.Checkout;

/// <summary>
/// Hands an order to the order module with a <see cref="SubmitOrder"/> request on the bus and waits for its answer:
/// <see cref="OrderAccepted"/>, or <see cref="OrderRejected"/> when the order breaks the order rules or its id belongs
/// to another checkout. Sending the same order again is safe: the order module keys orders by id and by (buyer,
/// idempotency key) and answers a repeat with the order it already has (or the same rejection).
/// </summary>
internal sealed class OrderSubmission(
    IRequestClient<SubmitOrder> client,
    IOptions<CartOptions> options,
    CartMetrics metrics,
    ILogger<OrderSubmission> logger)
{
    /// <summary>The order module's answer: exactly one of the two is set.</summary>
    /// <exception cref="DependencyUnavailableException">The order module did not answer within <see cref="CartOptions.CheckoutTimeout"/>.</exception>
    public async Task<(OrderAccepted? Accepted, OrderRejected? Rejected)> SubmitAsync(SubmitOrder order, CancellationToken cancellationToken)
    {
        try
        {
            var response = await client.GetResponse<OrderAccepted, OrderRejected>(order, cancellationToken, options.Value.CheckoutTimeout);
            if (response.Is(out Response<OrderAccepted>? accepted))
            {
                return (accepted.Message, null);
            }
            return response.Is(out Response<OrderRejected>? rejected)
                ? (null, rejected.Message)
                : throw new InvalidOperationException($"The answer to SubmitOrder was neither {nameof(OrderAccepted)} nor {nameof(OrderRejected)}.");
        }
        catch (MassTransitException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The order may exist all the same (accepted after the timeout): the client retries with the same key
            // and gets it, which is why the answer is 503 "try again" and not an error that says it failed.
            metrics.DependencyFailed(Dependencies.Order);
            logger.OrderModuleUnavailable(order.OrderId, DependencyUnavailableException.ReasonOf(ex), ex);
            throw new DependencyUnavailableException(
                Dependencies.Order,
                "The order is not confirmed yet, try again.",
                $"The order service did not confirm order {order.OrderId} in time. Send the request again with the same Idempotency-Key: it cannot create a second order.",
                ex);
        }
    }
}
