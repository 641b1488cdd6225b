using Shop.Order.Contracts;
using Shop.Order.Contracts.Messages;

namespace Shop.Reporting.Projections;

/// <summary>Which of the order module's events an <see cref="OrderEvent"/> stands for.</summary>
internal enum OrderEventKind
{
    Submitted,
    Confirmed,
    Cancelled,
}

/// <summary>
/// The order events the reports are built from, in one shape whatever their source: a message consumed from the bus
/// (<see cref="OrderSubmitted"/>, <see cref="OrderConfirmed"/>, <see cref="OrderCancelled"/>) or an order row read back
/// by the rebuild. Every event carries the whole order, so any one of them is enough to report it.
/// </summary>
/// <param name="Kind">Which event.</param>
/// <param name="OrderId">The order.</param>
/// <param name="BuyerId">The buyer.</param>
/// <param name="Lines">The order lines, priced at checkout.</param>
/// <param name="Total">The order total.</param>
/// <param name="SubmittedAt">When the order was accepted.</param>
/// <param name="OccurredAt">When this event happened: submitted, confirmed or cancelled.</param>
/// <param name="CancelReason">One of <see cref="CancelReasons"/> for <see cref="OrderEventKind.Cancelled"/>; otherwise null.</param>
internal sealed record OrderEvent(
    OrderEventKind Kind,
    Guid OrderId,
    string BuyerId,
    IReadOnlyList<OrderLine> Lines,
    decimal Total,
    DateTimeOffset SubmittedAt,
    DateTimeOffset OccurredAt,
    string? CancelReason)
{
    /// <summary>The contract's name, used as the <c>type</c> tag of metrics and in logs.</summary>
    public string TypeName => Kind switch
    {
        OrderEventKind.Submitted => nameof(OrderSubmitted),
        OrderEventKind.Confirmed => nameof(OrderConfirmed),
        _ => nameof(OrderCancelled),
    };

    /// <summary>Units ordered, over all lines.</summary>
    public int Items => Lines.Sum(line => line.Quantity);

    public static OrderEvent From(OrderSubmitted message) =>
        new(OrderEventKind.Submitted, message.OrderId, message.BuyerId, message.Lines, message.Total,
            message.SubmittedAt, message.SubmittedAt, CancelReason: null);

    public static OrderEvent From(OrderConfirmed message) =>
        new(OrderEventKind.Confirmed, message.OrderId, message.BuyerId, message.Lines, message.Total,
            message.SubmittedAt, message.ConfirmedAt, CancelReason: null);

    public static OrderEvent From(OrderCancelled message) =>
        new(OrderEventKind.Cancelled, message.OrderId, message.BuyerId, message.Lines, message.Total,
            message.SubmittedAt, message.CancelledAt, message.Reason);
}

/// <summary>Everything one order went through, oldest event first: what the rebuild replays per order.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="Events">Its events, oldest first.</param>
internal sealed record OrderHistory(Guid OrderId, IReadOnlyList<OrderEvent> Events);
