using System.Net;
using System.Net.Http.Json;
using Shop.Cart.Contracts;
using Shop.Cart.Tests.Infrastructure;

namespace Shop.Cart.Tests.Features;

/// <summary>The cart's Redis is down: every cart request answers 503 (never 500) and the host reports not ready.</summary>
public sealed class RedisUnavailableTests(CartAppWithoutRedisFixture app) : IClassFixture<CartAppWithoutRedisFixture>
{
    [Fact]
    public async Task GetCart_RedisDown_Returns503Problem()
    {
        using var buyer = app.NewBuyer();

        using var response = await buyer.Client.GetAsync("/api/cart");

        await ProblemAssert.IsUnavailableAsync(response);
    }

    [Fact]
    public async Task ChangingRequests_RedisDown_Return503Problem()
    {
        using var buyer = app.NewBuyer();
        using var checkout = new HttpRequestMessage(HttpMethod.Post, "/api/cart/checkout");
        checkout.Headers.Add("Idempotency-Key", "redis-down");

        await ProblemAssert.IsUnavailableAsync(await buyer.Client.PutAsJsonAsync($"/api/cart/items/{Guid.NewGuid()}", new SetQuantityRequest(0)));
        await ProblemAssert.IsUnavailableAsync(await buyer.Client.DeleteAsync($"/api/cart/items/{Guid.NewGuid()}"));
        await ProblemAssert.IsUnavailableAsync(await buyer.Client.DeleteAsync("/api/cart"));
        await ProblemAssert.IsUnavailableAsync(await buyer.Client.SendAsync(checkout));
    }

    [Fact]
    public async Task HealthReady_RedisDown_Returns503NamingRedis()
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("cart-redis", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
