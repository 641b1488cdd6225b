namespace Shop.Reporting.Contracts;

/// <summary>
/// Answer of <c>GET /api/reports/summary</c>: every order the reports have seen, by status, since the first one. Figures
/// are exact (revenue to the cent) and equal the order database's once every order event has been consumed.
/// </summary>
/// <param name="OrdersConfirmed">Orders paid and confirmed: the sales.</param>
/// <param name="OrdersCancelled">Orders cancelled, whatever the reason.</param>
/// <param name="Revenue">Sum of the totals of confirmed orders.</param>
/// <param name="ItemsSold">Units in confirmed orders.</param>
/// <param name="OrdersSubmitted">Every order checked out: pending, confirmed and cancelled together.</param>
/// <param name="OrdersPending">Orders still waiting for stock or payment.</param>
/// <param name="CancelledByReason">
/// Cancelled orders per reason (<c>out-of-stock</c>, <c>payment-declined</c>); reasons without cancellations are absent.
/// </param>
public sealed record SalesSummary(
    long OrdersConfirmed,
    long OrdersCancelled,
    decimal Revenue,
    long ItemsSold,
    long OrdersSubmitted,
    long OrdersPending,
    IReadOnlyDictionary<string, long> CancelledByReason);
