namespace Shop.Reporting.Contracts;

/// <summary>
/// Answer of <c>GET /api/reports/funnel</c>, counted in buyers (each buyer has one cart): how many got from a cart with
/// items to a checkout and to a confirmed order. Every step counts buyers who reached it at least once, so the steps
/// never grow down the funnel and a buyer who orders twice counts once.
/// </summary>
/// <param name="CartsWithItems">
/// Buyers who put a product in their cart (<c>CartItemAdded</c>) or checked out; a checkout implies a cart with items,
/// which covers cart events lost on their best-effort way.
/// </param>
/// <param name="Checkouts">Buyers with at least one order submitted (<c>OrderSubmitted</c>, or any later order event).</param>
/// <param name="Confirmed">Buyers with at least one confirmed order.</param>
/// <param name="CheckoutRate"><paramref name="Checkouts"/> / <paramref name="CartsWithItems"/>, or null without carts.</param>
/// <param name="ConfirmationRate"><paramref name="Confirmed"/> / <paramref name="Checkouts"/>, or null without checkouts.</param>
/// <param name="ConversionRate"><paramref name="Confirmed"/> / <paramref name="CartsWithItems"/>, or null without carts.</param>
public sealed record SalesFunnel(
    long CartsWithItems,
    long Checkouts,
    long Confirmed,
    double? CheckoutRate,
    double? ConfirmationRate,
    double? ConversionRate);
