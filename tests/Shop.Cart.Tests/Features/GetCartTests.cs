using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Shop.Cart.Contracts;
using Shop.Cart.Tests.Infrastructure;

namespace Shop.Cart.Tests.Features;

/// <summary>GET /api/cart: lines priced by the catalog as it is now.</summary>
public sealed class GetCartTests(CartAppFixture app) : IClassFixture<CartAppFixture>
{
    [Fact]
    public async Task GetCart_NoCart_ReturnsEmptyView()
    {
        using var buyer = app.NewBuyer();

        var view = await buyer.Client.GetFromJsonAsync<CartView>("/api/cart");

        Assert.Empty(view!.Items);
        Assert.Equal(0m, view.Total);
    }

    [Fact]
    public async Task GetCart_PriceChangedInCatalog_ShowsCurrentPricesAndTotal()
    {
        var first = app.Catalog.Add(price: 10.00m);
        var second = app.Catalog.Add(price: 3.25m);
        using var buyer = app.NewBuyer();
        await PutAsync(buyer, first.ProductId, 2);
        await PutAsync(buyer, second.ProductId, 1);
        Assert.Equal(23.25m, (await buyer.Client.GetFromJsonAsync<CartView>("/api/cart"))!.Total);

        app.Catalog.ChangePrice(first.ProductId, 8.00m);
        var view = await buyer.Client.GetFromJsonAsync<CartView>("/api/cart");

        var expected = new[]
        {
            new CartItemView(first.ProductId, first.Name, 8.00m, 2),
            new CartItemView(second.ProductId, second.Name, 3.25m, 1),
        }.OrderBy(line => line.Name, StringComparer.Ordinal);
        Assert.Equal(expected, view!.Items);
        Assert.Equal(19.25m, view.Total);
    }

    [Fact]
    public async Task GetCart_ProductLeftCatalog_DropsItFromViewAndCart()
    {
        var kept = app.Catalog.Add(price: 5.00m);
        var gone = app.Catalog.Add();
        using var buyer = app.NewBuyer();
        await PutAsync(buyer, kept.ProductId, 1);
        await PutAsync(buyer, gone.ProductId, 3);
        using var removed = new MetricCollector<long>(app.Services.GetRequiredService<IMeterFactory>(), "Shop.Cart", "shop.cart.items.removed");

        app.Catalog.Remove(gone.ProductId);
        var view = await buyer.Client.GetFromJsonAsync<CartView>("/api/cart");

        Assert.Equal([new CartItemView(kept.ProductId, kept.Name, 5.00m, 1)], view!.Items);
        Assert.Equal(5.00m, view.Total);
        Assert.Equal(new Dictionary<Guid, int> { [kept.ProductId] = 1 }, await app.StoredCartAsync(buyer.Id));
        var measurement = Assert.Single(removed.GetMeasurementSnapshot());
        Assert.Equal("discontinued", measurement.Tags["reason"]);
    }

    [Fact]
    public async Task GetCart_Read_RestartsIdleExpiry()
    {
        var product = app.Catalog.Add();
        using var buyer = app.NewBuyer();
        await PutAsync(buyer, product.ProductId, 1);
        await app.Redis.KeyExpireAsync(app.CartKey(buyer.Id), TimeSpan.FromHours(1));

        (await buyer.Client.GetAsync("/api/cart")).EnsureSuccessStatusCode();

        var ttl = await app.Redis.KeyTimeToLiveAsync(app.CartKey(buyer.Id));
        Assert.InRange(ttl.GetValueOrDefault(), TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
    }

    [Fact]
    public async Task GetCart_AnotherBuyersCart_IsNotVisible()
    {
        var product = app.Catalog.Add();
        using var owner = app.NewBuyer();
        using var other = app.NewBuyer();
        await PutAsync(owner, product.ProductId, 2);

        var view = await other.Client.GetFromJsonAsync<CartView>("/api/cart");

        Assert.Empty(view!.Items);
        Assert.Single((await owner.Client.GetFromJsonAsync<CartView>("/api/cart"))!.Items);
    }

    private static async Task PutAsync(TestBuyer buyer, Guid productId, int quantity)
    {
        using var response = await buyer.Client.PutAsJsonAsync($"/api/cart/items/{productId}", new SetQuantityRequest(quantity));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
