using Shop.Cart.Contracts.Messages;
using Shop.Order.Contracts;
using Shop.Reporting.Tests.Infrastructure;

namespace Shop.Reporting.Tests.Features.CartEvents;

/// <summary>The funnel, counted in buyers, from cart and order events over the real bus.</summary>
public sealed class CartEventsTests(ReportingAppFixture app) : IClassFixture<ReportingAppFixture>
{
    private Task WaitForBuyerAsync(string buyerId) =>
        Eventually.HoldsAsync(
            async () => await app.WithDbContextAsync(db => Task.FromResult(db.FunnelBuyers.Any(b => b.BuyerId == buyerId && b.FirstCartedAt != null))),
            $"buyer {buyerId} has a cart with items");

    [Fact]
    public async Task Funnel_CartsCheckoutsAndConfirmations_CountsEachBuyerOncePerStep()
    {
        var (shopper, browser) = (TestOrders.NewBuyer(), TestOrders.NewBuyer());
        var now = DateTimeOffset.UtcNow;
        var first = TestOrders.Create(now, shopper, TestOrders.Line(10m, 1));
        var second = TestOrders.Create(now.AddSeconds(5), shopper, TestOrders.Line(20m, 1));
        var reports = app.Reports();
        var before = await reports.FunnelAsync();

        await app.Publisher.PublishAsync(new CartItemAdded(shopper, first.Lines[0].ProductId, 1, 10m, now.AddSeconds(-30)));
        await app.Publisher.PublishAsync(new CartItemAdded(shopper, second.Lines[0].ProductId, 1, 20m, now.AddSeconds(-20)));
        await app.Publisher.PublishAsync(new CartItemAdded(browser, Guid.NewGuid(), 2, 5m, now));
        foreach (var order in new[] { first, second })
        {
            await app.Publisher.PublishAsync(order.Submitted());
            await app.Publisher.PublishAsync(order.Confirmed());
        }
        await WaitForBuyerAsync(browser);
        await app.WaitForOrderAsync(first.OrderId, OrderStatuses.Confirmed);
        await app.WaitForOrderAsync(second.OrderId, OrderStatuses.Confirmed);
        await WaitForBuyerAsync(shopper);

        var funnel = await reports.FunnelAsync();
        Assert.Equal(before.CartsWithItems + 2, funnel.CartsWithItems);
        Assert.Equal(before.Checkouts + 1, funnel.Checkouts);
        Assert.Equal(before.Confirmed + 1, funnel.Confirmed);
        Assert.Equal(Math.Round((double)funnel.Checkouts / funnel.CartsWithItems, 4), funnel.CheckoutRate);
        Assert.Equal(Math.Round((double)funnel.Confirmed / funnel.Checkouts, 4), funnel.ConfirmationRate);
        Assert.Equal(Math.Round((double)funnel.Confirmed / funnel.CartsWithItems, 4), funnel.ConversionRate);
        var shopperRow = await app.WithDbContextAsync(db => Task.FromResult(db.FunnelBuyers.Single(b => b.BuyerId == shopper)));
        Assert.Equal(now.AddSeconds(-30), shopperRow.FirstCartedAt!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal(first.SubmittedAt, shopperRow.FirstCheckoutAt!.Value, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task Funnel_CheckoutWhoseCartEventWasLost_StillCountsACartWithItems()
    {
        var order = TestOrders.Create(DateTimeOffset.UtcNow, TestOrders.Line(4m, 1));
        var reports = app.Reports();
        var before = await reports.FunnelAsync();

        await app.Publisher.PublishAsync(order.Submitted());
        await app.WaitForOrderAsync(order.OrderId, OrderStatuses.Pending);

        var funnel = await reports.FunnelAsync();
        Assert.Equal(before.CartsWithItems + 1, funnel.CartsWithItems);
        Assert.Equal(before.Checkouts + 1, funnel.Checkouts);
        Assert.Equal(before.Confirmed, funnel.Confirmed);
    }

    [Fact]
    public async Task CartItemAdded_SameBuyerAgainLaterOrEarlier_KeepsTheFirstTime()
    {
        var buyer = TestOrders.NewBuyer();
        var first = new DateTimeOffset(2025, 9, 1, 8, 0, 0, TimeSpan.Zero);
        var reports = app.Reports();
        var before = await reports.FunnelAsync();

        await app.Publisher.PublishAsync(new CartItemAdded(buyer, Guid.NewGuid(), 1, 1m, first.AddMinutes(5)));
        await WaitForBuyerAsync(buyer);
        await app.Publisher.PublishAsync(new CartItemAdded(buyer, Guid.NewGuid(), 1, 1m, first));
        await app.Publisher.PublishAsync(new CartItemAdded(buyer, Guid.NewGuid(), 1, 1m, first.AddMinutes(9)));

        await Eventually.HoldsAsync(
            async () => await app.WithDbContextAsync(db => Task.FromResult(db.FunnelBuyers.Single(b => b.BuyerId == buyer).FirstCartedAt == first)),
            "the earliest cart time is kept");
        Assert.Equal(before.CartsWithItems + 1, (await reports.FunnelAsync()).CartsWithItems);
    }
}
