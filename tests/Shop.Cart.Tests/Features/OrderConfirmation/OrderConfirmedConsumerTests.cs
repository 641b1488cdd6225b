using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Shop.Cart.Tests.Infrastructure;
using Shop.Order.Contracts;
using Shop.Order.Contracts.Messages;

namespace Shop.Cart.Tests.Features.OrderConfirmation;

/// <summary>OrderConfirmed published on the real broker, consumed by the cart from <c>cart-order-confirmed</c>.</summary>
public sealed class OrderConfirmedConsumerTests(CartAppFixture app) : IClassFixture<CartAppFixture>
{
    [Fact]
    public async Task Consume_OrderedLines_RemovesThemAndKeepsWhatWasAddedOrRaisedAfterCheckout()
    {
        var buyerId = NewBuyerId();
        var (a, b, c) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        // Ordered 2 of a and 3 of b; the buyer has since raised b to 5 and added c.
        await app.SeedCartAsync(buyerId, (a, 2), (b, 5), (c, 1));
        using var confirmations = Collector();

        await app.OtherModules.PublishAsync(Confirmed(buyerId, (a, 2), (b, 3)), Guid.NewGuid());

        await Eventually.HoldsAsync(() => confirmations.GetMeasurementSnapshot().Count > 0, "the confirmation was consumed");
        Assert.Equal(new Dictionary<Guid, int> { [b] = 2, [c] = 1 }, await app.StoredCartAsync(buyerId));
        Assert.Equal("reduced", Assert.Single(confirmations.GetMeasurementSnapshot()).Tags["result"]);
    }

    [Fact]
    public async Task Consume_WholeCart_DeletesCartAndRemembersOrderForSevenDays()
    {
        var buyerId = NewBuyerId();
        var product = Guid.NewGuid();
        await app.SeedCartAsync(buyerId, (product, 1));
        using var confirmations = Collector();
        var order = Confirmed(buyerId, (product, 1));

        await app.OtherModules.PublishAsync(order, Guid.NewGuid());

        await Eventually.HoldsAsync(() => confirmations.GetMeasurementSnapshot().Count > 0, "the confirmation was consumed");
        Assert.False(await app.Redis.KeyExistsAsync(app.CartKey(buyerId)));
        Assert.Equal("emptied", Assert.Single(confirmations.GetMeasurementSnapshot()).Tags["result"]);
        var marker = await app.Redis.KeyTimeToLiveAsync($"{app.CartKey(buyerId)}:confirmed:{order.OrderId:D}");
        Assert.InRange(marker.GetValueOrDefault(), TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
    }

    [Fact]
    public async Task Consume_SameMessageRedelivered_ChangesNothingMore()
    {
        var buyerId = NewBuyerId();
        var product = Guid.NewGuid();
        await app.SeedCartAsync(buyerId, (product, 5));
        using var confirmations = Collector();
        var order = Confirmed(buyerId, (product, 2));
        var messageId = Guid.NewGuid();

        await app.OtherModules.PublishAsync(order, messageId);
        await Eventually.HoldsAsync(() => confirmations.GetMeasurementSnapshot().Count == 1, "the first delivery was consumed");
        await app.OtherModules.PublishAsync(order, messageId);
        await Eventually.HoldsAsync(() => confirmations.GetMeasurementSnapshot().Count == 2, "the redelivery was consumed");

        Assert.Equal(new Dictionary<Guid, int> { [product] = 3 }, await app.StoredCartAsync(buyerId));
        Assert.Equal(["reduced", "duplicate"], confirmations.GetMeasurementSnapshot().Select(m => (string?)m.Tags["result"]));
    }

    [Fact]
    public async Task Consume_SameOrderUnderNewMessageId_ChangesNothingMore()
    {
        var buyerId = NewBuyerId();
        var product = Guid.NewGuid();
        await app.SeedCartAsync(buyerId, (product, 5));
        using var confirmations = Collector();
        var order = Confirmed(buyerId, (product, 2));

        await app.OtherModules.PublishAsync(order, Guid.NewGuid());
        await Eventually.HoldsAsync(() => confirmations.GetMeasurementSnapshot().Count == 1, "the first confirmation was consumed");
        await app.OtherModules.PublishAsync(order, Guid.NewGuid());
        await Eventually.HoldsAsync(() => confirmations.GetMeasurementSnapshot().Count == 2, "the republished confirmation was consumed");

        Assert.Equal(new Dictionary<Guid, int> { [product] = 3 }, await app.StoredCartAsync(buyerId));
    }

    [Fact]
    public async Task Consume_ProductsNoLongerInCart_LeavesCartAsItIs()
    {
        var buyerId = NewBuyerId();
        var other = Guid.NewGuid();
        await app.SeedCartAsync(buyerId, (other, 4));
        var before = await app.Redis.KeyTimeToLiveAsync(app.CartKey(buyerId));
        using var confirmations = Collector();

        await app.OtherModules.PublishAsync(Confirmed(buyerId, (Guid.NewGuid(), 1)), Guid.NewGuid());

        await Eventually.HoldsAsync(() => confirmations.GetMeasurementSnapshot().Count > 0, "the confirmation was consumed");
        Assert.Equal(new Dictionary<Guid, int> { [other] = 4 }, await app.StoredCartAsync(buyerId));
        Assert.Equal("unchanged", Assert.Single(confirmations.GetMeasurementSnapshot()).Tags["result"]);
        // Not the buyer's activity: the idle expiry is not restarted.
        Assert.True(await app.Redis.KeyTimeToLiveAsync(app.CartKey(buyerId)) <= before);
    }

    private static string NewBuyerId() => $"buyer-{Guid.NewGuid():N}";

    private static OrderConfirmed Confirmed(string buyerId, params (Guid ProductId, int Quantity)[] lines)
    {
        var orderLines = lines.Select(l => new OrderLine(l.ProductId, "Product", 1.00m, l.Quantity)).ToList();
        var now = DateTimeOffset.UtcNow;
        return new OrderConfirmed(Guid.NewGuid(), buyerId, orderLines, orderLines.Sum(l => l.UnitPrice * l.Quantity), now, now);
    }

    private MetricCollector<long> Collector() =>
        new(app.Services.GetRequiredService<IMeterFactory>(), "Shop.Cart", "shop.cart.order_confirmations");
}
