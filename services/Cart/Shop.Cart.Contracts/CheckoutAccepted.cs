namespace Shop.Cart.Contracts;

/// <summary>
/// Answer of <c>POST /api/cart/checkout</c> (HTTP 202): the order exists and its checkout runs in the background.
/// Follow the <c>Location</c> header (<c>/api/orders/{orderId}</c>) to see it become confirmed or cancelled.
/// </summary>
/// <param name="OrderId">
/// The order, derived from the buyer and the <c>Idempotency-Key</c> header: the same key always answers the same id.
/// </param>
public sealed record CheckoutAccepted(Guid OrderId);
