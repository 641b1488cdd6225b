using Shop.Order.Contracts;
using Shop.Order.Contracts.Messages;
using Shop.Order.Domain;

namespace Shop.Order.Features.Shared;

/// <summary>How an order becomes the records others see: events (each carries the whole order) and API views.</summary>
internal static class OrderRecords
{
    public static IReadOnlyList<OrderLine> Lines(Domain.Order order) =>
        [.. order.Lines.Select(line => new OrderLine(line.ProductId, line.Name, line.UnitPrice, line.Quantity))];

    public static OrderSubmitted Submitted(Domain.Order order) =>
        new(order.Id, order.BuyerId, Lines(order), order.Total, order.CreatedAt);

    public static OrderConfirmed Confirmed(Domain.Order order) =>
        new(order.Id, order.BuyerId, Lines(order), order.Total, order.CreatedAt, order.UpdatedAt);

    public static OrderCancelled Cancelled(Domain.Order order) =>
        new(order.Id, order.BuyerId, Lines(order), order.Total,
            order.CancelReason ?? throw new InvalidOperationException($"Order {order.Id} is {order.State}, not cancelled."),
            order.CreatedAt, order.UpdatedAt);

    /// <summary>The buyer-facing status: the two in-flight states look the same from outside.</summary>
    public static string Status(OrderState state) => state switch
    {
        OrderState.Submitted or OrderState.StockReserved => OrderStatuses.Pending,
        OrderState.Confirmed => OrderStatuses.Confirmed,
        OrderState.Cancelled => OrderStatuses.Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown order state."),
    };

    public static OrderView View(Domain.Order order) =>
        new(order.Id, Status(order.State), Lines(order), order.Total, order.CancelReason, order.CreatedAt, order.UpdatedAt);
}
