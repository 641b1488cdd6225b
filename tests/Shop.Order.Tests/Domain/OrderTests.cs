using Shop.Order.Contracts;
using Shop.Order.Domain;
using OrderEntity = Shop.Order.Domain.Order;

namespace Shop.Order.Tests.Domain;

public sealed class OrderTests
{
    private static readonly DateTimeOffset SubmittedAt = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    private static OrderItem Item(decimal price = 10m, int quantity = 1) => new(Guid.NewGuid(), "Test item", price, quantity);

    private static OrderEntity NewOrder() =>
        OrderEntity.Submit(Guid.NewGuid(), "buyer-1", "key-1", [Item(12.50m, 2), Item(3.99m)], SubmittedAt);

    /// <summary>An order walked to <paramref name="state"/> along the designed flow.</summary>
    private static OrderEntity InState(OrderState state)
    {
        var order = NewOrder();
        var later = SubmittedAt.AddSeconds(1);
        switch (state)
        {
            case OrderState.StockReserved:
                order.MarkStockReserved(later);
                break;
            case OrderState.Confirmed:
                order.MarkStockReserved(later);
                order.Confirm(later);
                break;
            case OrderState.Cancelled:
                order.CancelOutOfStock(later);
                break;
        }
        Assert.Equal(state, order.State);
        return order;
    }

    [Fact]
    public void Submit_ValidLines_IsSubmittedWithTheirTotal()
    {
        var order = NewOrder();

        Assert.Equal(OrderState.Submitted, order.State);
        Assert.Equal(28.99m, order.Total);
        Assert.Equal(2, order.Lines.Count);
        Assert.Null(order.CancelReason);
        Assert.Equal(SubmittedAt, order.CreatedAt);
        Assert.Equal(SubmittedAt, order.UpdatedAt);
    }

    [Fact]
    public void Submit_NoLines_Throws() =>
        Assert.Throws<OrderRuleException>(() => OrderEntity.Submit(Guid.NewGuid(), "buyer-1", "key-1", [], SubmittedAt));

    [Fact]
    public void Submit_SameProductTwice_Throws()
    {
        var productId = Guid.NewGuid();

        Assert.Throws<OrderRuleException>(() => OrderEntity.Submit(
            Guid.NewGuid(), "buyer-1", "key-1", [new OrderItem(productId, "A", 1m, 1), new OrderItem(productId, "A", 1m, 2)], SubmittedAt));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void OrderItem_QuantityOutOfRange_Throws(int quantity) =>
        Assert.Throws<OrderRuleException>(() => Item(quantity: quantity));

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("0.001")]
    [InlineData("1000000.01")]
    public void OrderItem_InvalidPrice_Throws(string price) =>
        Assert.Throws<OrderRuleException>(() => Item(price: decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void MarkStockReserved_Submitted_MovesToStockReserved()
    {
        var order = NewOrder();
        var at = SubmittedAt.AddSeconds(2);

        Assert.Equal(TransitionResult.Applied, order.MarkStockReserved(at));

        Assert.Equal(OrderState.StockReserved, order.State);
        Assert.Equal(at, order.UpdatedAt);
    }

    [Fact]
    public void Confirm_StockReserved_MovesToConfirmed()
    {
        var order = InState(OrderState.StockReserved);

        Assert.Equal(TransitionResult.Applied, order.Confirm(SubmittedAt.AddSeconds(3)));

        Assert.Equal(OrderState.Confirmed, order.State);
        Assert.Null(order.CancelReason);
    }

    [Fact]
    public void CancelOutOfStock_Submitted_CancelsWithReason()
    {
        var order = NewOrder();

        Assert.Equal(TransitionResult.Applied, order.CancelOutOfStock(SubmittedAt.AddSeconds(1)));

        Assert.Equal(OrderState.Cancelled, order.State);
        Assert.Equal(CancelReasons.OutOfStock, order.CancelReason);
    }

    [Fact]
    public void CancelPaymentDeclined_StockReserved_CancelsWithReason()
    {
        var order = InState(OrderState.StockReserved);

        Assert.Equal(TransitionResult.Applied, order.CancelPaymentDeclined(SubmittedAt.AddSeconds(2)));

        Assert.Equal(OrderState.Cancelled, order.State);
        Assert.Equal(CancelReasons.PaymentDeclined, order.CancelReason);
    }

    /// <summary>Every event that finds the order past the state it applies to is stale: ignored, nothing changes.</summary>
    [Theory]
    [InlineData(nameof(OrderState.StockReserved), "reserve")]
    [InlineData(nameof(OrderState.Confirmed), "reserve")]
    [InlineData(nameof(OrderState.Cancelled), "reserve")]
    [InlineData(nameof(OrderState.StockReserved), "out-of-stock")]
    [InlineData(nameof(OrderState.Confirmed), "out-of-stock")]
    [InlineData(nameof(OrderState.Cancelled), "out-of-stock")]
    [InlineData(nameof(OrderState.Confirmed), "confirm")]
    [InlineData(nameof(OrderState.Cancelled), "confirm")]
    [InlineData(nameof(OrderState.Confirmed), "payment-declined")]
    [InlineData(nameof(OrderState.Cancelled), "payment-declined")]
    public void Transition_OrderAlreadyPastIt_IsStaleAndChangesNothing(string stateName, string transition)
    {
        var state = Enum.Parse<OrderState>(stateName);
        var order = InState(state);
        var (reason, updatedAt) = (order.CancelReason, order.UpdatedAt);

        var result = Apply(order, transition, SubmittedAt.AddMinutes(5));

        Assert.Equal(TransitionResult.Stale, result);
        Assert.Equal(state, order.State);
        Assert.Equal(reason, order.CancelReason);
        Assert.Equal(updatedAt, order.UpdatedAt);
    }

    /// <summary>A payment result for an order whose stock is not reserved is out of the flow: ignored, nothing changes.</summary>
    [Theory]
    [InlineData("confirm")]
    [InlineData("payment-declined")]
    public void PaymentResult_OrderStillSubmitted_IsPrematureAndChangesNothing(string transition)
    {
        var order = NewOrder();

        var result = Apply(order, transition, SubmittedAt.AddSeconds(1));

        Assert.Equal(TransitionResult.Premature, result);
        Assert.Equal(OrderState.Submitted, order.State);
        Assert.Equal(SubmittedAt, order.UpdatedAt);
    }

    [Fact]
    public void Transition_ClockBehindCreation_KeepsUpdatedAtAtCreation()
    {
        var order = NewOrder();

        order.MarkStockReserved(SubmittedAt.AddSeconds(-5));

        Assert.Equal(SubmittedAt, order.UpdatedAt);
    }

    private static TransitionResult Apply(OrderEntity order, string transition, DateTimeOffset at) => transition switch
    {
        "reserve" => order.MarkStockReserved(at),
        "confirm" => order.Confirm(at),
        "out-of-stock" => order.CancelOutOfStock(at),
        "payment-declined" => order.CancelPaymentDeclined(at),
        _ => throw new ArgumentOutOfRangeException(nameof(transition), transition, null),
    };
}
