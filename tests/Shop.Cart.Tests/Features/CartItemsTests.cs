using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Shop.Cart.Contracts;
using Shop.Cart.Tests.Infrastructure;

namespace Shop.Cart.Tests.Features;

/// <summary>PUT and DELETE of cart lines, DELETE of the cart, and who may call them.</summary>
public sealed class CartItemsTests(CartAppFixture app) : IClassFixture<CartAppFixture>
{
    private static string ItemPath(Guid productId) => $"/api/cart/items/{productId}";

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Fact]
    public async Task SetQuantity_NewProduct_Returns200WithLinePricedNowAndStoresIt()
    {
        var product = app.Catalog.Add(price: 12.50m);
        using var buyer = app.NewBuyer();
        using var added = Collector("shop.cart.items.added");

        using var response = await buyer.Client.PutAsJsonAsync(ItemPath(product.ProductId), new SetQuantityRequest(3));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new CartItemView(product.ProductId, product.Name, 12.50m, 3), await response.Content.ReadFromJsonAsync<CartItemView>());
        Assert.Equal(new Dictionary<Guid, int> { [product.ProductId] = 3 }, await app.StoredCartAsync(buyer.Id));
        Assert.Equal(1, added.GetMeasurementSnapshot().EvaluateAsCounter());
    }

    [Fact]
    public async Task SetQuantity_ExistingLine_ReplacesQuantity()
    {
        var product = app.Catalog.Add();
        using var buyer = app.NewBuyer();
        using var updated = Collector("shop.cart.items.updated");
        (await buyer.Client.PutAsJsonAsync(ItemPath(product.ProductId), new SetQuantityRequest(2))).EnsureSuccessStatusCode();

        using var response = await buyer.Client.PutAsJsonAsync(ItemPath(product.ProductId), new SetQuantityRequest(7));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(7, (await response.Content.ReadFromJsonAsync<CartItemView>())?.Quantity);
        Assert.Equal(new Dictionary<Guid, int> { [product.ProductId] = 7 }, await app.StoredCartAsync(buyer.Id));
        Assert.Equal(1, updated.GetMeasurementSnapshot().EvaluateAsCounter());
    }

    [Fact]
    public async Task SetQuantity_Zero_RemovesLineAndReturns204()
    {
        var kept = app.Catalog.Add();
        var removed = app.Catalog.Add();
        using var buyer = app.NewBuyer();
        (await buyer.Client.PutAsJsonAsync(ItemPath(kept.ProductId), new SetQuantityRequest(1))).EnsureSuccessStatusCode();
        (await buyer.Client.PutAsJsonAsync(ItemPath(removed.ProductId), new SetQuantityRequest(4))).EnsureSuccessStatusCode();

        using var response = await buyer.Client.PutAsJsonAsync(ItemPath(removed.ProductId), new SetQuantityRequest(0));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(new Dictionary<Guid, int> { [kept.ProductId] = 1 }, await app.StoredCartAsync(buyer.Id));
    }

    [Fact]
    public async Task SetQuantity_OutOfStockProduct_IsAddedBecauseCheckoutReservationDecides()
    {
        var product = app.Catalog.Add(stock: 0);
        using var buyer = app.NewBuyer();

        using var response = await buyer.Client.PutAsJsonAsync(ItemPath(product.ProductId), new SetQuantityRequest(1));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SetQuantity_Write_SetsSevenDayIdleExpiry()
    {
        var product = app.Catalog.Add();
        using var buyer = app.NewBuyer();

        (await buyer.Client.PutAsJsonAsync(ItemPath(product.ProductId), new SetQuantityRequest(1))).EnsureSuccessStatusCode();

        var ttl = await app.Redis.KeyTimeToLiveAsync(app.CartKey(buyer.Id));
        Assert.InRange(ttl.GetValueOrDefault(), TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
    }

    [Fact]
    public async Task SetQuantity_NewLine_PublishesCartItemAdded()
    {
        var product = app.Catalog.Add(price: 4.20m);
        using var buyer = app.NewBuyer();

        (await buyer.Client.PutAsJsonAsync(ItemPath(product.ProductId), new SetQuantityRequest(2))).EnsureSuccessStatusCode();

        await Eventually.HoldsAsync(() => app.Funnel.ItemsAddedBy(buyer.Id).Count > 0, "the reporting stand-in received CartItemAdded");
        var added = Assert.Single(app.Funnel.ItemsAddedBy(buyer.Id));
        Assert.Equal((product.ProductId, 2, 4.20m), (added.ProductId, added.Quantity, added.UnitPrice));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("101")]
    [InlineData("null")]
    public async Task SetQuantity_OutOfRangeQuantity_Returns400ValidationProblemAndKeepsCart(string quantity)
    {
        var product = app.Catalog.Add();
        using var buyer = app.NewBuyer();
        (await buyer.Client.PutAsJsonAsync(ItemPath(product.ProductId), new SetQuantityRequest(2))).EnsureSuccessStatusCode();

        using var response = await buyer.Client.PutAsync(ItemPath(product.ProductId), Json($"{{\"quantity\":{quantity}}}"));

        await ProblemAssert.IsValidationProblemAsync(response, "quantity");
        Assert.Equal(new Dictionary<Guid, int> { [product.ProductId] = 2 }, await app.StoredCartAsync(buyer.Id));
    }

    [Fact]
    public async Task SetQuantity_MissingQuantity_Returns400ValidationProblemRatherThanRemoving()
    {
        var product = app.Catalog.Add();
        using var buyer = app.NewBuyer();
        (await buyer.Client.PutAsJsonAsync(ItemPath(product.ProductId), new SetQuantityRequest(2))).EnsureSuccessStatusCode();

        using var response = await buyer.Client.PutAsync(ItemPath(product.ProductId), Json("{}"));

        await ProblemAssert.IsValidationProblemAsync(response, "quantity");
        Assert.Equal(new Dictionary<Guid, int> { [product.ProductId] = 2 }, await app.StoredCartAsync(buyer.Id));
    }

    [Theory]
    [InlineData("{\"quantity\":1.5}")]
    [InlineData("{\"quantity\":\"x\"}")]
    [InlineData("{\"quantity\":99999999999}")]
    [InlineData("{\"quantity\":")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("")]
    public async Task SetQuantity_MalformedBody_Returns400Problem(string body)
    {
        var product = app.Catalog.Add();
        using var buyer = app.NewBuyer();

        using var response = await buyer.Client.PutAsync(ItemPath(product.ProductId), Json(body));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Empty(await app.StoredCartAsync(buyer.Id));
    }

    [Fact]
    public async Task SetQuantity_UnknownProduct_Returns404Problem()
    {
        using var buyer = app.NewBuyer();

        using var response = await buyer.Client.PutAsJsonAsync(ItemPath(Guid.NewGuid()), new SetQuantityRequest(1));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Empty(await app.StoredCartAsync(buyer.Id));
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("12345")]
    public async Task SetQuantity_MalformedProductId_Returns400ValidationProblem(string productId)
    {
        using var buyer = app.NewBuyer();

        using var response = await buyer.Client.PutAsJsonAsync($"/api/cart/items/{productId}", new SetQuantityRequest(1));

        await ProblemAssert.IsValidationProblemAsync(response, "productId");
    }

    [Fact]
    public async Task SetQuantity_NewProductInFullCart_Returns409ProblemButExistingLinesStillChange()
    {
        using var buyer = app.NewBuyer();
        var products = Enumerable.Range(0, 5).Select(_ => app.Catalog.Add()).ToList();
        foreach (var product in products)
        {
            (await buyer.Client.PutAsJsonAsync(ItemPath(product.ProductId), new SetQuantityRequest(1))).EnsureSuccessStatusCode();
        }

        using var refused = await buyer.Client.PutAsJsonAsync(ItemPath(app.Catalog.Add().ProductId), new SetQuantityRequest(1));
        using var changed = await buyer.Client.PutAsJsonAsync(ItemPath(products[0].ProductId), new SetQuantityRequest(9));

        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(5, (await app.StoredCartAsync(buyer.Id)).Count);
    }

    [Fact]
    public async Task RemoveItem_LineInCart_Returns204AndIsIdempotent()
    {
        var kept = app.Catalog.Add();
        var removed = app.Catalog.Add();
        using var buyer = app.NewBuyer();
        (await buyer.Client.PutAsJsonAsync(ItemPath(kept.ProductId), new SetQuantityRequest(1))).EnsureSuccessStatusCode();
        (await buyer.Client.PutAsJsonAsync(ItemPath(removed.ProductId), new SetQuantityRequest(1))).EnsureSuccessStatusCode();
        using var removals = Collector("shop.cart.items.removed");

        using var first = await buyer.Client.DeleteAsync(ItemPath(removed.ProductId));
        using var again = await buyer.Client.DeleteAsync(ItemPath(removed.ProductId));

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Equal(new Dictionary<Guid, int> { [kept.ProductId] = 1 }, await app.StoredCartAsync(buyer.Id));
        Assert.Equal(1, removals.GetMeasurementSnapshot().EvaluateAsCounter());
    }

    [Fact]
    public async Task RemoveItem_MalformedProductId_Returns400ValidationProblem()
    {
        using var buyer = app.NewBuyer();

        using var response = await buyer.Client.DeleteAsync("/api/cart/items/not-a-guid");

        await ProblemAssert.IsValidationProblemAsync(response, "productId");
    }

    [Fact]
    public async Task ClearCart_CartWithLines_Returns204AndEmptiesIt()
    {
        using var buyer = app.NewBuyer();
        foreach (var product in new[] { app.Catalog.Add(), app.Catalog.Add() })
        {
            (await buyer.Client.PutAsJsonAsync(ItemPath(product.ProductId), new SetQuantityRequest(2))).EnsureSuccessStatusCode();
        }

        using var response = await buyer.Client.DeleteAsync("/api/cart");
        using var again = await buyer.Client.DeleteAsync("/api/cart");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.False(await app.Redis.KeyExistsAsync(app.CartKey(buyer.Id)));
        var view = await buyer.Client.GetFromJsonAsync<CartView>("/api/cart");
        Assert.Empty(view!.Items);
    }

    [Theory]
    [InlineData("GET", "/api/cart")]
    [InlineData("DELETE", "/api/cart")]
    [InlineData("PUT", "/api/cart/items/3f2c1a9e-5b7d-4c1e-8a2f-0d9b6e4c7a15")]
    [InlineData("DELETE", "/api/cart/items/3f2c1a9e-5b7d-4c1e-8a2f-0d9b6e4c7a15")]
    [InlineData("POST", "/api/cart/checkout")]
    public async Task CartEndpoints_WithoutToken_Return401Problem(string method, string path)
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "PUT" ? Json("{\"quantity\":1}") : null,
        };
        request.Headers.Add("Idempotency-Key", "k1");

        using var response = await client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task GetCart_TokenSignedWithAnotherKey_Returns401Problem()
    {
        using var client = app.CreateClient(new TestTokens().Buyer("someone"));

        using var response = await client.GetAsync("/api/cart");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Metrics_AfterCartChanges_ExportsCartCounters()
    {
        var product = app.Catalog.Add();
        using var buyer = app.NewBuyer();
        (await buyer.Client.PutAsJsonAsync(ItemPath(product.ProductId), new SetQuantityRequest(1))).EnsureSuccessStatusCode();

        var metrics = await buyer.Client.GetStringAsync("/metrics");

        Assert.Contains("shop_cart_items_added_total", metrics, StringComparison.Ordinal);
    }

    private MetricCollector<long> Collector(string instrument) =>
        new(app.Services.GetRequiredService<IMeterFactory>(), "Shop.Cart", instrument);
}
