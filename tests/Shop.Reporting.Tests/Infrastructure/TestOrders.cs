using Shop.Order.Contracts;
using Shop.Order.Contracts.Messages;

namespace Shop.Reporting.Tests.Infrastructure;

/// <summary>
/// An order as the order module would describe it in its events, with a buyer, products and times of its own, so no
/// two tests count the same thing. <c>Submitted</c>, <c>Confirmed</c> and <c>Cancelled</c> make the
/// events the order module publishes for it, all carrying the same lines and total.
/// </summary>
internal sealed record TestOrder(Guid OrderId, string BuyerId, IReadOnlyList<OrderLine> Lines, DateTimeOffset SubmittedAt)
{
    public decimal Total => Lines.Sum(line => line.UnitPrice * line.Quantity);

    public int Items => Lines.Sum(line => line.Quantity);

    public OrderSubmitted Submitted() => new(OrderId, BuyerId, Lines, Total, SubmittedAt);

    public OrderConfirmed Confirmed(DateTimeOffset confirmedAt) => new(OrderId, BuyerId, Lines, Total, SubmittedAt, confirmedAt);

    public OrderConfirmed Confirmed() => Confirmed(SubmittedAt.AddSeconds(2));

    public OrderCancelled Cancelled(string reason, DateTimeOffset cancelledAt) =>
        new(OrderId, BuyerId, Lines, Total, reason, SubmittedAt, cancelledAt);

    public OrderCancelled Cancelled(string reason = CancelReasons.OutOfStock) => Cancelled(reason, SubmittedAt.AddSeconds(1));
}

internal static class TestOrders
{
    private static long _hours;

    /// <summary>
    /// The start of an hour no other test of this run uses, in 2025: sales a test places there are its own in every time
    /// bucket, and old enough for the rollup to compact. Minute queries may reach 31 days, so tests stay within that.
    /// </summary>
    public static DateTimeOffset UniqueHour() =>
        new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(Interlocked.Increment(ref _hours) * 3);

    public static string NewBuyer() => $"buyer-{Guid.NewGuid():N}";

    public static OrderLine Line(decimal unitPrice, int quantity, Guid? productId = null, string? name = null)
    {
        var id = productId ?? Guid.NewGuid();
        return new OrderLine(id, name ?? $"Product {id:N}", unitPrice, quantity);
    }

    public static TestOrder Create(DateTimeOffset submittedAt, params OrderLine[] lines) =>
        new(Guid.NewGuid(), NewBuyer(), lines, submittedAt);

    public static TestOrder Create(DateTimeOffset submittedAt, string buyerId, params OrderLine[] lines) =>
        new(Guid.NewGuid(), buyerId, lines, submittedAt);
}
