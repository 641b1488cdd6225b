using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Shop.Catalog.Contracts.Messages;
using Shop.Messaging.Inbox;
using Shop.Order.Contracts;
using Shop.Order.Contracts.Messages;
using Shop.Order.Domain;
using Shop.Order.Features.Payment;
using Shop.Order.Features.StockReservation;
using Shop.Order.Tests.Infrastructure;

namespace Shop.Order.Tests.Features.Checkout;

/// <summary>Checkout through the real broker and database: the cart's request, the catalog's answers, payment approved.</summary>
public sealed class CheckoutTests(OrderAppFixture app) : IClassFixture<OrderAppFixture>
{
    private MetricCollector<T> Collect<T>(string meter, string instrument)
        where T : struct =>
        new(app.Services.GetRequiredService<IMeterFactory>(), meter, instrument);

    [Fact]
    public async Task SubmitOrder_NewCheckout_PersistsOrderPublishesOrderSubmittedAndReservesStock()
    {
        var command = Checkouts.For(Checkouts.NewBuyer());

        var accepted = await app.Neighbours.SubmitAcceptedAsync(command);

        Assert.Equal(new OrderAccepted(command.OrderId, Created: true), accepted);
        var order = await app.FindOrderAsync(command.OrderId);
        Assert.NotNull(order);
        Assert.Equal(command.BuyerId, order.BuyerId);
        Assert.Equal(command.IdempotencyKey, order.IdempotencyKey);
        Assert.Equal(Checkouts.Total, order.Total);
        Assert.Equal(command.Lines, order.Lines.Select(line => new OrderLine(line.ProductId, line.Name, line.UnitPrice, line.Quantity)));

        var submitted = await app.Neighbours.Received.SingleAsync<OrderSubmitted>(e => e.OrderId == command.OrderId, "OrderSubmitted was published");
        Assert.Equal(command.BuyerId, submitted.BuyerId);
        Assert.Equal(Checkouts.Total, submitted.Total);
        Assert.Equal(command.Lines, submitted.Lines);
        Assert.Equal(order.CreatedAt, submitted.SubmittedAt);

        var reserve = await app.Neighbours.Received.SingleAsync<ReserveStock>(c => c.OrderId == command.OrderId, "ReserveStock reached catalog-reserve-stock");
        Assert.Equal(command.Lines.Select(line => new StockItem(line.ProductId, line.Quantity)), reserve.Items);
    }

    [Fact]
    public async Task SubmitOrder_SameCheckoutFiveTimesSomeConcurrently_CreatesOneOrderAndAnswersItsId()
    {
        var command = Checkouts.For(Checkouts.NewBuyer());

        var first = await app.Neighbours.SubmitAcceptedAsync(command);
        var second = await app.Neighbours.SubmitAcceptedAsync(command);
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => app.Neighbours.SubmitAcceptedAsync(command)));

        Assert.Equal(new OrderAccepted(command.OrderId, Created: true), first);
        Assert.All([second, .. concurrent], answer => Assert.Equal(new OrderAccepted(command.OrderId, Created: false), answer));
        await AssertOneOrderAsync(command);
    }

    [Fact]
    public async Task SubmitOrder_FiveCopiesAtOnce_ExactlyOneCreatesTheOrder()
    {
        var command = Checkouts.For(Checkouts.NewBuyer());

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => app.Neighbours.SubmitAcceptedAsync(command)));

        Assert.All(answers, answer => Assert.Equal(command.OrderId, answer.OrderId));
        Assert.Single(answers, answer => answer.Created);
        await AssertOneOrderAsync(command);
    }

    [Fact]
    public async Task SubmitOrder_SameBuyerAndKeyUnderAnotherOrderId_AnswersWithTheExistingOrder()
    {
        var command = Checkouts.For(Checkouts.NewBuyer());
        await app.Neighbours.SubmitAcceptedAsync(command);

        var again = await app.Neighbours.SubmitAcceptedAsync(command with { OrderId = Guid.NewGuid() });

        Assert.Equal(new OrderAccepted(command.OrderId, Created: false), again);
        await AssertOneOrderAsync(command);
    }

    [Fact]
    public async Task SubmitOrder_OrderIdOfAnotherCheckout_IsRejectedAsConflict()
    {
        var owner = Checkouts.For(Checkouts.NewBuyer());
        await app.Neighbours.SubmitAcceptedAsync(owner);
        var intruder = Checkouts.For(Checkouts.NewBuyer()) with { OrderId = owner.OrderId };

        var response = await app.Neighbours.SubmitAsync(intruder);

        Assert.True(response.Is(out Response<OrderRejected>? rejected), $"expected OrderRejected, got {response.Message}");
        Assert.Equal(owner.OrderId, rejected.Message.OrderId);
        Assert.Equal(RejectionReasons.Conflict, rejected.Message.Reason);
        Assert.Empty(rejected.Message.Errors);
        Assert.Equal(owner.BuyerId, (await app.FindOrderAsync(owner.OrderId))?.BuyerId);
        Assert.Equal(0, await app.WithDbContextAsync(db => db.Orders.CountAsync(o => o.BuyerId == intruder.BuyerId)));
    }

    [Fact]
    public async Task SubmitOrder_InvalidRequest_IsRejectedWithFieldErrorsAndCreatesNothing()
    {
        using var rejections = Collect<long>("Shop.Order", "shop.order.rejected");
        var command = Checkouts.For(Checkouts.NewBuyer()) with { Lines = [new OrderLine(Guid.NewGuid(), "Kettle", 0m, 101)] };

        var response = await app.Neighbours.SubmitAsync(command);

        Assert.True(response.Is(out Response<OrderRejected>? rejected), $"expected OrderRejected, got {response.Message}");
        Assert.Equal(RejectionReasons.Invalid, rejected.Message.Reason);
        Assert.Equal(["lines[0].quantity", "lines[0].unitPrice"], rejected.Message.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Null(await app.FindOrderAsync(command.OrderId));
        Assert.Empty(await app.OutboxRowsAsync<OrderSubmitted>(command.OrderId));
        Assert.Contains(rejections.GetMeasurementSnapshot(), m => HasTag(m, "reason", RejectionReasons.Invalid));
    }

    [Fact]
    public async Task Checkout_StockReservedAndPaymentApproved_ConfirmsOrderAndPublishesOrderConfirmed()
    {
        using var revenue = Collect<double>("Shop.Order", "shop.order.revenue");
        using var latency = Collect<double>("Shop.Order", "shop.order.confirmation_latency");
        var command = Checkouts.For(Checkouts.NewBuyer());

        await app.Neighbours.SubmitAcceptedAsync(command);

        var order = await app.WaitForStateAsync(command.OrderId, OrderState.Confirmed);
        Assert.Null(order.CancelReason);
        var confirmed = await app.Neighbours.Received.SingleAsync<OrderConfirmed>(e => e.OrderId == command.OrderId, "OrderConfirmed was published");
        Assert.Equal(command.BuyerId, confirmed.BuyerId);
        Assert.Equal(Checkouts.Total, confirmed.Total);
        Assert.Equal(command.Lines, confirmed.Lines);
        Assert.Equal(order.CreatedAt, confirmed.SubmittedAt);
        Assert.Equal(order.UpdatedAt, confirmed.ConfirmedAt);
        Assert.Single(await app.OutboxRowsAsync<ProcessPayment>(command.OrderId));
        Assert.Empty(await app.OutboxRowsAsync<OrderCancelled>(command.OrderId));
        Assert.Empty(await app.OutboxRowsAsync<ReleaseStock>(command.OrderId));

        // Metrics follow the commit; the event may arrive a moment earlier.
        await Eventually.HoldsAsync(
            () => revenue.GetMeasurementSnapshot().Any(m => m.Value == (double)Checkouts.Total), "the order's total was added to revenue");
        Assert.Contains(latency.GetMeasurementSnapshot(), m => m.Value > 0 && m.Value < 60);
    }

    [Fact]
    public async Task Checkout_ProductOutOfStock_CancelsOrderAsOutOfStockWithoutPaymentOrRelease()
    {
        using var stockOuts = Collect<long>("Shop.Order", "shop.order.stock_outs");
        var command = Checkouts.For(Checkouts.NewBuyer());
        app.Neighbours.Catalog.MarkOutOfStock(command.Lines[1].ProductId);

        await app.Neighbours.SubmitAcceptedAsync(command);

        var order = await app.WaitForStateAsync(command.OrderId, OrderState.Cancelled);
        Assert.Equal(CancelReasons.OutOfStock, order.CancelReason);
        var cancelled = await app.Neighbours.Received.SingleAsync<OrderCancelled>(e => e.OrderId == command.OrderId, "OrderCancelled was published");
        Assert.Equal(CancelReasons.OutOfStock, cancelled.Reason);
        Assert.Equal(Checkouts.Total, cancelled.Total);
        Assert.Equal(order.UpdatedAt, cancelled.CancelledAt);
        Assert.Empty(await app.OutboxRowsAsync<ProcessPayment>(command.OrderId));
        Assert.Empty(await app.OutboxRowsAsync<ReleaseStock>(command.OrderId));
        Assert.Empty(await app.OutboxRowsAsync<OrderConfirmed>(command.OrderId));
        await Eventually.HoldsAsync(() => stockOuts.GetMeasurementSnapshot().Count > 0, "the stock-out was counted");
    }

    [Fact]
    public async Task Checkout_StockReservedForCancelledOrder_ReleasesTheStockWithoutCharging()
    {
        var command = Checkouts.For(Checkouts.NewBuyer());
        app.Neighbours.Catalog.MarkOutOfStock(command.Lines[0].ProductId);
        await app.Neighbours.SubmitAcceptedAsync(command);
        await app.WaitForStateAsync(command.OrderId, OrderState.Cancelled);

        await app.Neighbours.PublishAsync(new StockReserved(command.OrderId, [.. command.Lines.Select(l => new StockItem(l.ProductId, l.Quantity))]));

        await app.Neighbours.Received.SingleAsync<ReleaseStock>(r => r.OrderId == command.OrderId, "ReleaseStock reached catalog-release-stock");
        var order = await app.FindOrderAsync(command.OrderId);
        Assert.Equal((OrderState.Cancelled, CancelReasons.OutOfStock), (order!.State, order.CancelReason));
        Assert.Empty(await app.OutboxRowsAsync<ProcessPayment>(command.OrderId));
    }

    [Fact]
    public async Task Checkout_StockReservedDeliveredThreeTimes_ChargesOnceAndConfirmsOnce()
    {
        using var duplicates = Collect<long>("Shop.Messaging", "shop.messaging.inbox.duplicates");
        var command = Checkouts.For(Checkouts.NewBuyer());
        // The same message twice (a broker redelivery) and the same news under a new id (a republished event).
        var (redelivered, republished) = (NewId.NextGuid(), NewId.NextGuid());
        app.Neighbours.Catalog.ReplyWithMessageIds(command.OrderId, redelivered, redelivered, republished);

        await app.Neighbours.SubmitAcceptedAsync(command);

        await app.WaitForStateAsync(command.OrderId, OrderState.Confirmed);
        var consumer = typeof(StockReservedConsumer).FullName!;
        await Eventually.HoldsAsync(
            async () => await app.WithDbContextAsync(db => db.Set<InboxMessage>()
                .CountAsync(m => (m.MessageId == redelivered || m.MessageId == republished) && m.Consumer == consumer)) == 2,
            "both StockReserved messages were processed");
        await Eventually.HoldsAsync(
            () => duplicates.GetMeasurementSnapshot().Any(m => HasTag(m, "consumer", consumer)), "the redelivered copy was skipped by the inbox");

        Assert.Single(await app.OutboxRowsAsync<ProcessPayment>(command.OrderId));
        Assert.Single(await app.OutboxRowsAsync<OrderConfirmed>(command.OrderId));
        await Eventually.HoldsAsync(
            async () => (await app.OutboxRowsAsync<OrderConfirmed>(command.OrderId)).All(row => row.SentAt is not null), "OrderConfirmed left the outbox");
        await app.Neighbours.Received.SingleAsync<OrderConfirmed>(e => e.OrderId == command.OrderId, "OrderConfirmed was published once");
    }

    [Fact]
    public async Task Metrics_AfterConfirmedCancelledAndRejectedOrders_AreExportedUnderPrometheusNames()
    {
        var confirmed = Checkouts.For(Checkouts.NewBuyer());
        var outOfStock = Checkouts.For(Checkouts.NewBuyer());
        app.Neighbours.Catalog.MarkOutOfStock(outOfStock.Lines[0].ProductId);
        await app.Neighbours.SubmitAcceptedAsync(confirmed);
        await app.Neighbours.SubmitAcceptedAsync(outOfStock);
        await app.Neighbours.SubmitAsync(Checkouts.For(Checkouts.NewBuyer()) with { Lines = [] });
        await app.WaitForStateAsync(confirmed.OrderId, OrderState.Confirmed);
        await app.WaitForStateAsync(outOfStock.OrderId, OrderState.Cancelled);
        using var client = app.CreateClient();

        string[] expected =
        [
            "shop_order_submitted_total{",
            "shop_order_rejected_total{",
            "shop_order_confirmed_total{",
            "shop_order_cancelled_total{",
            "reason=\"out-of-stock\"",
            "shop_order_revenue_total{",
            "shop_order_confirmation_latency_seconds_bucket{",
            "shop_order_stock_outs_total{",
        ];
        var metrics = "";
        await Eventually.HoldsAsync(
            async () => expected.All((metrics = await client.GetStringAsync("/metrics")).Contains),
            "every order metric is exported");
        Assert.All(expected, name => Assert.Contains(name, metrics, StringComparison.Ordinal));
    }

    private async Task AssertOneOrderAsync(SubmitOrder command)
    {
        Assert.Equal(1, await app.WithDbContextAsync(db => db.Orders.CountAsync(o => o.BuyerId == command.BuyerId)));
        Assert.Single(await app.OutboxRowsAsync<OrderSubmitted>(command.OrderId));
        Assert.Single(await app.OutboxRowsAsync<ReserveStock>(command.OrderId));
    }

    private static bool HasTag<T>(CollectedMeasurement<T> measurement, string tag, string value)
        where T : struct =>
        measurement.Tags.TryGetValue(tag, out var actual) && Equals(actual, value);
}
