namespace Shop.Order.Features.Payment;

/// <summary>
/// The order module's command to itself: charge the buyer for an order whose stock is reserved. It is a message rather
/// than a call so that the payment leaves the StockReserved transaction (which commits at once) and survives a crash:
/// if the process dies, the command is still in the outbox or on the queue. Internal, because no other module sends it.
/// </summary>
/// <param name="OrderId">The order to pay for.</param>
/// <param name="Amount">The order's total.</param>
internal sealed record ProcessPayment(Guid OrderId, decimal Amount);
