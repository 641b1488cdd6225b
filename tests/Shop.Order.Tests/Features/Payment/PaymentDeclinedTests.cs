using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Shop.Catalog.Contracts.Messages;
using Shop.Order.Contracts;
using Shop.Order.Contracts.Messages;
using Shop.Order.Domain;
using Shop.Order.Tests.Infrastructure;

namespace Shop.Order.Tests.Features.Payment;

/// <summary>Checkout with a payment provider that declines everything (Order:Payment:FailureRate = 1).</summary>
public sealed class PaymentDeclinedTests(DecliningPaymentsFixture app) : IClassFixture<DecliningPaymentsFixture>
{
    [Fact]
    public async Task Checkout_PaymentDeclined_CancelsOrderAndReleasesItsStock()
    {
        using var cancellations = new MetricCollector<long>(app.Services.GetRequiredService<IMeterFactory>(), "Shop.Order", "shop.order.cancelled");
        var command = Checkouts.For(Checkouts.NewBuyer());

        await app.Neighbours.SubmitAcceptedAsync(command);

        var order = await app.WaitForStateAsync(command.OrderId, OrderState.Cancelled);
        Assert.Equal(CancelReasons.PaymentDeclined, order.CancelReason);
        var cancelled = await app.Neighbours.Received.SingleAsync<OrderCancelled>(e => e.OrderId == command.OrderId, "OrderCancelled was published");
        Assert.Equal(CancelReasons.PaymentDeclined, cancelled.Reason);
        Assert.Equal(command.BuyerId, cancelled.BuyerId);
        Assert.Equal(command.Lines, cancelled.Lines);
        Assert.Equal(Checkouts.Total, cancelled.Total);
        await app.Neighbours.Received.SingleAsync<ReleaseStock>(r => r.OrderId == command.OrderId, "ReleaseStock reached catalog-release-stock");
        Assert.Empty(await app.OutboxRowsAsync<OrderConfirmed>(command.OrderId));
        await Eventually.HoldsAsync(
            () => cancellations.GetMeasurementSnapshot().Any(m => Equals(m.Tags["reason"], CancelReasons.PaymentDeclined)),
            "the cancellation was counted with its reason");
    }
}
