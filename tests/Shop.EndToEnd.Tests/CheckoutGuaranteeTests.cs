using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Shop.EndToEnd.Tests.Infrastructure;

namespace Shop.EndToEnd.Tests;

public sealed class CheckoutDeployment() : ShopDeployment(new DeploymentShape(CatalogReplicas: 1, CartReplicas: 1, OrderReplicas: 1));

/// <summary>
/// The same promises from two monolith replicas behind the gateway: they share the outbox rows (each row is delivered by
/// one relay) and the inboxes, so nothing is lost or processed twice across them.
/// </summary>
public sealed class MonolithCheckoutDeployment() : ShopDeployment(new DeploymentShape(CatalogReplicas: 1, CartReplicas: 1, OrderReplicas: 2).AsMonolith());

/// <summary>The checkout's promises, through the gateway against real services, PostgreSQL, Redis and RabbitMQ.</summary>
public abstract class CheckoutGuaranteeTests(ShopDeployment deployment)
{
    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Checkout_SameKeyFiveTimesSomeConcurrently_CreatesExactlyOneOrder()
    {
        using var buyer = await Shopper.SignInAsync(deployment, "idem-" + Guid.NewGuid().ToString("N")[..8]);
        await buyer.SetQuantityAsync(await CatalogDatabase.ProductAtAsync(deployment, 101), 2);
        var key = Guid.NewGuid().ToString();

        var first = await AcceptedOrderIdAsync(() => buyer.CheckoutAsync(key));
        var second = await AcceptedOrderIdAsync(() => buyer.CheckoutAsync(key));
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => AcceptedOrderIdAsync(() => buyer.CheckoutAsync(key))));

        Assert.All(concurrent.Append(second), id => Assert.Equal(first, id));
        var order = await buyer.WaitForFinalStatusAsync(first, s_settle);
        Assert.Equal("Confirmed", order.GetProperty("status").GetString());
        Assert.Equal(1, await buyer.OrderCountAsync());
    }

    [Fact]
    public async Task Checkout_HundredBuyersForTenUnits_ConfirmsExactlyTen()
    {
        var product = await CatalogDatabase.ProductAtAsync(deployment, 202);
        await CatalogDatabase.SetStockAsync(deployment, product, 10);
        var buyers = await Task.WhenAll(Enumerable.Range(0, 100)
            .Select(i => Shopper.SignInAsync(deployment, $"rush-{i}-{Guid.NewGuid():N}"[..20])));
        try
        {
            var orders = await Task.WhenAll(buyers.Select(async buyer =>
            {
                await buyer.SetQuantityAsync(product, 1);
                var id = await buyer.CheckoutUntilAcceptedAsync(Guid.NewGuid().ToString(), s_settle);
                return (await buyer.WaitForFinalStatusAsync(id, s_settle), buyer);
            }));

            var confirmed = orders.Count(o => o.Item1.GetProperty("status").GetString() == "Confirmed");
            var outOfStock = orders.Count(o => o.Item1.GetProperty("status").GetString() == "Cancelled"
                && o.Item1.GetProperty("reason").GetString() == "out-of-stock");
            Assert.Equal(10, confirmed);
            Assert.Equal(90, outOfStock);
            Assert.Equal(0, await CatalogDatabase.StockAsync(deployment, product));
        }
        finally
        {
            foreach (var buyer in buyers)
            {
                buyer.Dispose();
            }
        }
    }

    [Fact]
    public async Task Checkout_Confirmed_EmptiesTheOrderedItemsFromTheCart()
    {
        using var buyer = await Shopper.SignInAsync(deployment, "empty-" + Guid.NewGuid().ToString("N")[..8]);
        await buyer.SetQuantityAsync(await CatalogDatabase.ProductAtAsync(deployment, 303), 1);
        await buyer.SetQuantityAsync(await CatalogDatabase.ProductAtAsync(deployment, 304), 3);
        var key = Guid.NewGuid().ToString();
        var id = await AcceptedOrderIdAsync(() => buyer.CheckoutAsync(key));

        var order = await buyer.WaitForFinalStatusAsync(id, s_settle);
        Assert.Equal("Confirmed", order.GetProperty("status").GetString());
        Assert.Equal(2, order.GetProperty("items").GetArrayLength());
        await Eventually.HoldsAsync(async () =>
        {
            var cart = await buyer.Client.GetFromJsonAsync<JsonElement>("api/cart");
            return cart.GetProperty("items").GetArrayLength() == 0;
        }, "the confirmed items leave the cart", TimeSpan.FromSeconds(20));
    }

    [Theory]
    [InlineData("{\"quantity\": -1}")]
    [InlineData("{\"quantity\": 101}")]
    [InlineData("{\"quantity\": 1.5}")]
    [InlineData("{\"quantity\": \"x\"}")]
    [InlineData("{\"quantity\": ")]
    public async Task SetQuantity_BadBody_Returns400Problem(string body)
    {
        using var buyer = await Shopper.SignInAsync(deployment, "bad-" + Guid.NewGuid().ToString("N")[..8]);
        var product = await CatalogDatabase.ProductAtAsync(deployment, 11);
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await buyer.Client.PutAsync($"api/cart/items/{product}", content);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task SetQuantity_UnknownProduct_Returns404Problem()
    {
        using var buyer = await Shopper.SignInAsync(deployment, "unknown-" + Guid.NewGuid().ToString("N")[..8]);
        using var response = await buyer.Client.PutAsJsonAsync($"api/cart/items/{Guid.NewGuid()}", new { quantity = 1 });
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("GET", "api/cart")]
    [InlineData("POST", "api/cart/checkout")]
    [InlineData("GET", "api/orders")]
    public async Task BuyerEndpoints_WithoutToken_Return401Problem(string method, string path)
    {
        using var client = deployment.CreateGatewayClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        using var response = await client.SendAsync(request);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Checkout_WithoutIdempotencyKey_Returns400Problem()
    {
        using var buyer = await Shopper.SignInAsync(deployment, "nokey-" + Guid.NewGuid().ToString("N")[..8]);
        await buyer.SetQuantityAsync(await CatalogDatabase.ProductAtAsync(deployment, 12), 1);
        using var response = await buyer.Client.PostAsync("api/cart/checkout", null);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Checkout_EmptyCart_Returns409Problem()
    {
        using var buyer = await Shopper.SignInAsync(deployment, "nothing-" + Guid.NewGuid().ToString("N")[..8]);
        using var response = await buyer.CheckoutAsync(Guid.NewGuid().ToString());
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task GetOrder_OfAnotherBuyer_Returns404Problem()
    {
        using var owner = await Shopper.SignInAsync(deployment, "owner-" + Guid.NewGuid().ToString("N")[..8]);
        using var other = await Shopper.SignInAsync(deployment, "other-" + Guid.NewGuid().ToString("N")[..8]);
        await owner.SetQuantityAsync(await CatalogDatabase.ProductAtAsync(deployment, 13), 1);
        var key = Guid.NewGuid().ToString();
        var id = await AcceptedOrderIdAsync(() => owner.CheckoutAsync(key));

        using var response = await other.Client.GetAsync($"api/orders/{id}");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    /// <summary>
    /// The order id of an accepted checkout. A 503 that says the order is not confirmed yet (a busy machine) is sent again
    /// with the same key, as its detail asks a client to; any other answer fails at once.
    /// </summary>
    private static async Task<Guid> AcceptedOrderIdAsync(Func<Task<HttpResponseMessage>> checkout)
    {
        var deadline = DateTime.UtcNow + s_settle;
        while (true)
        {
            using var response = await checkout();
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable && DateTime.UtcNow < deadline)
            {
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                continue;
            }
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"expected 202, got {(int)response.StatusCode}: {body}");
            var id = JsonDocument.Parse(body).RootElement.GetProperty("orderId").GetGuid();
            Assert.Equal($"/api/orders/{id}", response.Headers.Location?.OriginalString);
            return id;
        }
    }
}

public sealed class MicroservicesCheckoutGuaranteeTests(CheckoutDeployment deployment) : CheckoutGuaranteeTests(deployment), IClassFixture<CheckoutDeployment>;

public sealed class MonolithCheckoutGuaranteeTests(MonolithCheckoutDeployment deployment) : CheckoutGuaranteeTests(deployment), IClassFixture<MonolithCheckoutDeployment>;
