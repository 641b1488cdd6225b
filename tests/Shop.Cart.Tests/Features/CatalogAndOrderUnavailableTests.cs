using System.Net;
using System.Net.Http.Json;
using Shop.Cart.Contracts;
using Shop.Cart.Features.Checkout;
using Shop.Cart.Tests.Infrastructure;

namespace Shop.Cart.Tests.Features;

/// <summary>No catalog and no order module on the broker: requests that need them answer 503, never 500.</summary>
public sealed class CatalogAndOrderUnavailableTests(CartAppWithoutOtherModulesFixture app) : IClassFixture<CartAppWithoutOtherModulesFixture>
{
    [Fact]
    public async Task GetCart_CatalogNotAnswering_Returns503ProblemAndKeepsCart()
    {
        using var buyer = app.NewBuyer();
        var product = Guid.NewGuid();
        await app.SeedCartAsync(buyer.Id, (product, 2));

        using var response = await buyer.Client.GetAsync("/api/cart");

        await ProblemAssert.IsUnavailableAsync(response);
        Assert.Equal(new Dictionary<Guid, int> { [product] = 2 }, await app.StoredCartAsync(buyer.Id));
    }

    [Fact]
    public async Task GetCart_EmptyCartWhileCatalogNotAnswering_ReturnsEmptyView()
    {
        using var buyer = app.NewBuyer();

        var view = await buyer.Client.GetFromJsonAsync<CartView>("/api/cart");

        Assert.Empty(view!.Items);
    }

    [Fact]
    public async Task SetQuantity_CatalogNotAnswering_Returns503ProblemAndChangesNothing()
    {
        using var buyer = app.NewBuyer();

        using var response = await buyer.Client.PutAsJsonAsync($"/api/cart/items/{Guid.NewGuid()}", new SetQuantityRequest(1));

        await ProblemAssert.IsUnavailableAsync(response);
        Assert.Empty(await app.StoredCartAsync(buyer.Id));
    }

    [Fact]
    public async Task SetQuantity_ZeroWhileCatalogNotAnswering_StillRemovesLine()
    {
        using var buyer = app.NewBuyer();
        var product = Guid.NewGuid();
        await app.SeedCartAsync(buyer.Id, (product, 2));

        using var response = await buyer.Client.PutAsJsonAsync($"/api/cart/items/{product}", new SetQuantityRequest(0));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await app.StoredCartAsync(buyer.Id));
    }

    [Fact]
    public async Task Checkout_CatalogNotAnswering_Returns503ProblemAndKeepsNoCheckout()
    {
        using var buyer = app.NewBuyer();
        await app.SeedCartAsync(buyer.Id, (Guid.NewGuid(), 1));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/cart/checkout");
        request.Headers.Add("Idempotency-Key", "no-catalog");

        using var response = await buyer.Client.SendAsync(request);

        await ProblemAssert.IsUnavailableAsync(response);
        var orderId = OrderIds.For(buyer.Id, "no-catalog");
        Assert.False(await app.Redis.KeyExistsAsync($"{app.CartKey(buyer.Id)}:checkout:{orderId:D}"));
    }

    [Fact]
    public async Task HealthReady_CatalogNotAnswering_StaysReady()
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
