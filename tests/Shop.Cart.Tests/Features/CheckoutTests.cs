using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Shop.Cart.Contracts;
using Shop.Cart.Features.Checkout;
using Shop.Cart.Tests.Infrastructure;
using Shop.Order.Contracts;
using Shop.Order.Contracts.Messages;

namespace Shop.Cart.Tests.Features;

/// <summary>POST /api/cart/checkout against the order stand-in, over the real broker.</summary>
public sealed class CheckoutTests(CartAppFixture app) : IClassFixture<CartAppFixture>
{
    [Fact]
    public async Task Checkout_CartWithLines_Returns202WithLocationAndSendsCurrentPrices()
    {
        var first = app.Catalog.Add(price: 10.00m);
        var second = app.Catalog.Add(price: 2.50m);
        using var buyer = app.NewBuyer();
        await PutAsync(buyer, first.ProductId, 2);
        await PutAsync(buyer, second.ProductId, 4);
        app.Catalog.ChangePrice(first.ProductId, 9.00m);
        using var checkouts = Collector("shop.cart.checkouts");

        using var response = await CheckoutAsync(buyer, "key-1");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var orderId = OrderIds.For(buyer.Id, "key-1");
        Assert.Equal(new CheckoutAccepted(orderId), await response.Content.ReadFromJsonAsync<CheckoutAccepted>());
        Assert.Equal($"/api/orders/{orderId}", response.Headers.Location?.OriginalString);

        var sent = Assert.Single(app.Orders.ReceivedFor(buyer.Id));
        Assert.Equal((orderId, "key-1"), (sent.OrderId, sent.IdempotencyKey));
        Assert.Equal(
            new[] { new OrderLine(first.ProductId, first.Name, 9.00m, 2), new OrderLine(second.ProductId, second.Name, 2.50m, 4) }
                .OrderBy(line => line.ProductId),
            sent.Lines.OrderBy(line => line.ProductId));
        // The cart is emptied by the order's confirmation, not by the checkout: a cancelled order leaves it intact.
        Assert.Equal(2, (await app.StoredCartAsync(buyer.Id)).Count);
        Assert.Equal("accepted", Assert.Single(checkouts.GetMeasurementSnapshot()).Tags["result"]);
    }

    [Fact]
    public async Task Checkout_SameKeyFiveTimesSomeConcurrent_ReturnsSameOrderAndSendsIdenticalOrders()
    {
        var product = app.Catalog.Add(price: 7.00m);
        using var buyer = app.NewBuyer();
        await PutAsync(buyer, product.ProductId, 3);
        var expected = OrderIds.For(buyer.Id, "same-key");

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => CheckoutForIdAsync(buyer, "same-key")));
        var sequential = new[] { await CheckoutForIdAsync(buyer, "same-key"), await CheckoutForIdAsync(buyer, "same-key") };

        Assert.All(concurrent.Concat(sequential), orderId => Assert.Equal(expected, orderId));
        var sent = app.Orders.ReceivedFor(buyer.Id);
        Assert.Equal(5, sent.Count);
        Assert.All(sent, order =>
        {
            Assert.Equal(expected, order.OrderId);
            Assert.Equal([new OrderLine(product.ProductId, product.Name, 7.00m, 3)], order.Lines);
        });
    }

    [Fact]
    public async Task Checkout_SameKeyAfterCartChanged_SendsTheFirstOrderAgain()
    {
        var first = app.Catalog.Add();
        using var buyer = app.NewBuyer();
        await PutAsync(buyer, first.ProductId, 1);
        var orderId = await CheckoutForIdAsync(buyer, "retry-key");

        await PutAsync(buyer, app.Catalog.Add().ProductId, 5);
        app.Catalog.ChangePrice(first.ProductId, 99.00m);
        var retried = await CheckoutForIdAsync(buyer, "retry-key");

        Assert.Equal(orderId, retried);
        var sent = app.Orders.ReceivedFor(buyer.Id);
        Assert.Equal(2, sent.Count);
        Assert.Equal(sent[0].Lines, sent[1].Lines);
    }

    [Fact]
    public async Task Checkout_SameKeyAfterCartWasEmptied_Returns202WithSameOrder()
    {
        using var buyer = app.NewBuyer();
        await PutAsync(buyer, app.Catalog.Add().ProductId, 1);
        var orderId = await CheckoutForIdAsync(buyer, "emptied-key");
        (await buyer.Client.DeleteAsync("/api/cart")).EnsureSuccessStatusCode();

        var retried = await CheckoutForIdAsync(buyer, "emptied-key");

        Assert.Equal(orderId, retried);
    }

    [Fact]
    public async Task Checkout_DifferentKey_ReturnsDifferentOrder()
    {
        using var buyer = app.NewBuyer();
        await PutAsync(buyer, app.Catalog.Add().ProductId, 1);

        var first = await CheckoutForIdAsync(buyer, "key-a");
        var second = await CheckoutForIdAsync(buyer, "key-b");

        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Checkout_SameKeyOtherBuyer_ReturnsDifferentOrder()
    {
        using var one = app.NewBuyer();
        using var other = app.NewBuyer();
        await PutAsync(one, app.Catalog.Add().ProductId, 1);
        await PutAsync(other, app.Catalog.Add().ProductId, 1);

        Assert.NotEqual(await CheckoutForIdAsync(one, "shared-key"), await CheckoutForIdAsync(other, "shared-key"));
    }

    [Fact]
    public async Task Checkout_ProductLeftCatalog_OrdersTheRest()
    {
        var kept = app.Catalog.Add(price: 1.00m);
        var gone = app.Catalog.Add();
        using var buyer = app.NewBuyer();
        await PutAsync(buyer, kept.ProductId, 1);
        await PutAsync(buyer, gone.ProductId, 1);
        app.Catalog.Remove(gone.ProductId);

        await CheckoutForIdAsync(buyer, "partly-gone");

        Assert.Equal([new OrderLine(kept.ProductId, kept.Name, 1.00m, 1)], Assert.Single(app.Orders.ReceivedFor(buyer.Id)).Lines);
    }

    [Fact]
    public async Task Checkout_EmptyCart_Returns409Problem()
    {
        using var buyer = app.NewBuyer();
        using var checkouts = Collector("shop.cart.checkouts");

        using var response = await CheckoutAsync(buyer, "nothing");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Empty(app.Orders.ReceivedFor(buyer.Id));
        Assert.Equal("empty", Assert.Single(checkouts.GetMeasurementSnapshot()).Tags["result"]);
    }

    [Fact]
    public async Task Checkout_WithoutIdempotencyKey_Returns400Problem()
    {
        using var buyer = app.NewBuyer();
        await PutAsync(buyer, app.Catalog.Add().ProductId, 1);

        using var response = await CheckoutAsync(buyer, idempotencyKey: null);

        await ProblemAssert.IsValidationProblemAsync(response, "Idempotency-Key");
        Assert.Empty(app.Orders.ReceivedFor(buyer.Id));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("a,b")]
    [InlineData("semi;colon")]
    [InlineData("slash/key")]
    public async Task Checkout_MalformedIdempotencyKey_Returns400Problem(string idempotencyKey)
    {
        using var buyer = app.NewBuyer();
        await PutAsync(buyer, app.Catalog.Add().ProductId, 1);

        using var response = await CheckoutAsync(buyer, idempotencyKey);

        await ProblemAssert.IsValidationProblemAsync(response, "Idempotency-Key");
    }

    [Fact]
    public async Task Checkout_IdempotencyKeyTooLong_Returns400Problem()
    {
        using var buyer = app.NewBuyer();
        await PutAsync(buyer, app.Catalog.Add().ProductId, 1);

        using var longest = await CheckoutAsync(buyer, new string('k', 100));
        using var tooLong = await CheckoutAsync(buyer, new string('k', 101));

        Assert.Equal(HttpStatusCode.Accepted, longest.StatusCode);
        await ProblemAssert.IsValidationProblemAsync(tooLong, "Idempotency-Key");
    }

    [Fact]
    public async Task Checkout_OrderModuleNotAnswering_Returns503ThenRetryWithSameKeySucceeds()
    {
        using var buyer = app.NewBuyer();
        await PutAsync(buyer, app.Catalog.Add().ProductId, 1);
        using var checkouts = Collector("shop.cart.checkouts");
        app.Orders.Silence(buyer.Id);

        using (var unanswered = await CheckoutAsync(buyer, "slow-order"))
        {
            await ProblemAssert.IsUnavailableAsync(unanswered);
        }
        app.Orders.Unsilence(buyer.Id);
        var orderId = await CheckoutForIdAsync(buyer, "slow-order");

        Assert.Equal(OrderIds.For(buyer.Id, "slow-order"), orderId);
        Assert.Equal(["failed", "accepted"], checkouts.GetMeasurementSnapshot().Select(m => (string?)m.Tags["result"]));
    }

    [Fact]
    public async Task Checkout_OrderRejectedAsInvalid_Returns400ValidationProblemWithOrderErrors()
    {
        using var buyer = app.NewBuyer();
        await PutAsync(buyer, app.Catalog.Add().ProductId, 1);
        app.Orders.Reject(buyer.Id, RejectionReasons.Invalid);
        using var checkouts = Collector("shop.cart.checkouts");

        using var response = await CheckoutAsync(buyer, "refused");

        await ProblemAssert.IsValidationProblemAsync(response, "lines[0].quantity");
        Assert.Equal("rejected", Assert.Single(checkouts.GetMeasurementSnapshot()).Tags["result"]);
    }

    [Fact]
    public async Task Checkout_OrderRejectedAsConflict_Returns409Problem()
    {
        using var buyer = app.NewBuyer();
        await PutAsync(buyer, app.Catalog.Add().ProductId, 1);
        app.Orders.Reject(buyer.Id, RejectionReasons.Conflict);

        using var response = await CheckoutAsync(buyer, "taken");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal("Refused by the test (conflict).", problem.GetProperty("detail").GetString());
    }

    private static async Task PutAsync(TestBuyer buyer, Guid productId, int quantity)
    {
        using var response = await buyer.Client.PutAsJsonAsync($"/api/cart/items/{productId}", new SetQuantityRequest(quantity));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static Task<HttpResponseMessage> CheckoutAsync(TestBuyer buyer, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/cart/checkout");
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }
        return buyer.Client.SendAsync(request);
    }

    private static async Task<Guid> CheckoutForIdAsync(TestBuyer buyer, string idempotencyKey)
    {
        using var response = await CheckoutAsync(buyer, idempotencyKey);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CheckoutAccepted>())!.OrderId;
    }

    private MetricCollector<long> Collector(string instrument) =>
        new(app.Services.GetRequiredService<IMeterFactory>(), "Shop.Cart", instrument);
}
