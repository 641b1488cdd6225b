using Shop.Order.Contracts;

namespace Shop.Reporting.Projections;

/// <summary>
/// What the reports know about one order (a row of <c>reporting.orders</c>). It is what makes the projection safe
/// whatever order events arrive in: an event is judged against the status recorded here, never applied blindly.
/// </summary>
/// <param name="OrderId">The order.</param>
/// <param name="BuyerId">The buyer.</param>
/// <param name="Status">One of <see cref="OrderStatuses"/>.</param>
/// <param name="CancelReason">Why it was cancelled, once it is.</param>
/// <param name="Total">The order total, as the order module computed it.</param>
/// <param name="Items">Units ordered, over all lines.</param>
/// <param name="SubmittedAt">When the order was accepted.</param>
/// <param name="CompletedAt">When it was confirmed or cancelled; null while pending.</param>
internal sealed record ReportedOrder(
    Guid OrderId,
    string BuyerId,
    string Status,
    string? CancelReason,
    decimal Total,
    int Items,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? CompletedAt)
{
    public bool IsFinal => Status is OrderStatuses.Confirmed or OrderStatuses.Cancelled;
}
