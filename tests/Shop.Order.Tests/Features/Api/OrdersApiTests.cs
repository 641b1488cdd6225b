using System.Net;
using System.Net.Http.Json;
using Shop.Order.Contracts;
using Shop.Order.Domain;
using Shop.Order.Tests.Infrastructure;
using OrderEntity = Shop.Order.Domain.Order;

namespace Shop.Order.Tests.Features.Api;

/// <summary><c>GET /api/orders</c> and <c>GET /api/orders/{id}</c>, on orders written straight to the database.</summary>
public sealed class OrdersApiTests(OrderAppFixture app) : IClassFixture<OrderAppFixture>
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(nameof(OrderState.Submitted), OrderStatuses.Pending, null)]
    [InlineData(nameof(OrderState.StockReserved), OrderStatuses.Pending, null)]
    [InlineData(nameof(OrderState.Confirmed), OrderStatuses.Confirmed, null)]
    [InlineData(nameof(OrderState.Cancelled), OrderStatuses.Cancelled, CancelReasons.PaymentDeclined)]
    public async Task GetOrder_OwnOrder_Returns200WithItsView(string stateName, string status, string? reason)
    {
        var state = Enum.Parse<OrderState>(stateName);
        var buyer = Checkouts.NewBuyer();
        var order = await SeedAsync(buyer, Monday, state);
        using var client = app.CreateClient(app.Tokens.Buyer(buyer));

        var view = await client.GetFromJsonAsync<OrderView>($"/api/orders/{order.Id}");

        Assert.NotNull(view);
        Assert.Equal(order.Id, view.Id);
        Assert.Equal(status, view.Status);
        Assert.Equal(reason, view.Reason);
        Assert.Equal(10.50m, view.Total);
        var item = Assert.Single(view.Items);
        Assert.Equal(new OrderLine(order.Lines[0].ProductId, "Seeded item", 5.25m, 2), item);
        Assert.Equal(Monday, view.CreatedAt);
        Assert.Equal(state == OrderState.Submitted ? Monday : Monday.AddMinutes(1), view.UpdatedAt);
    }

    [Fact]
    public async Task GetOrder_AnotherBuyersOrder_Returns404Problem()
    {
        var order = await SeedAsync(Checkouts.NewBuyer(), Monday);
        using var client = app.CreateClient(app.Tokens.Buyer(Checkouts.NewBuyer()));

        using var response = await client.GetAsync($"/api/orders/{order.Id}");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetOrder_UnknownId_Returns404Problem()
    {
        using var client = app.CreateClient(app.Tokens.Buyer(Checkouts.NewBuyer()));

        using var response = await client.GetAsync($"/api/orders/{Guid.NewGuid()}");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("12345")]
    [InlineData("00000000-0000-0000-0000-00000000000g")]
    public async Task GetOrder_MalformedId_Returns400ValidationProblem(string id)
    {
        using var client = app.CreateClient(app.Tokens.Buyer(Checkouts.NewBuyer()));

        using var response = await client.GetAsync($"/api/orders/{id}");

        await ProblemAssert.IsValidationProblemAsync(response, "id");
    }

    [Fact]
    public async Task ListOrders_ThreeOrders_PagesNewestFirst()
    {
        var buyer = Checkouts.NewBuyer();
        var oldest = await SeedAsync(buyer, Monday);
        var middle = await SeedAsync(buyer, Monday.AddHours(1), OrderState.Confirmed);
        var newest = await SeedAsync(buyer, Monday.AddHours(2));
        await SeedAsync(Checkouts.NewBuyer(), Monday.AddHours(3));
        using var client = app.CreateClient(app.Tokens.Buyer(buyer));

        var first = await client.GetFromJsonAsync<OrderPage>("/api/orders?page=1&pageSize=2");
        var second = await client.GetFromJsonAsync<OrderPage>("/api/orders?page=2&pageSize=2");
        var beyond = await client.GetFromJsonAsync<OrderPage>("/api/orders?page=3&pageSize=2");

        Assert.Equal([newest.Id, middle.Id], first!.Items.Select(o => o.Id));
        Assert.Equal((1, 2, 3), (first.Page, first.PageSize, first.Total));
        Assert.Equal([oldest.Id], second!.Items.Select(o => o.Id));
        Assert.Equal((2, 2, 3), (second.Page, second.PageSize, second.Total));
        Assert.Empty(beyond!.Items);
        Assert.Equal(3, beyond.Total);
        Assert.Equal(OrderStatuses.Confirmed, first.Items[1].Status);
    }

    [Fact]
    public async Task ListOrders_NoPagingParameters_ReturnsFirstPageOfTwenty()
    {
        var buyer = Checkouts.NewBuyer();
        var order = await SeedAsync(buyer, Monday);
        using var client = app.CreateClient(app.Tokens.Buyer(buyer));

        var page = await client.GetFromJsonAsync<OrderPage>("/api/orders");

        Assert.Equal((1, 20, 1), (page!.Page, page.PageSize, page.Total));
        Assert.Equal(order.Id, Assert.Single(page.Items).Id);
    }

    [Fact]
    public async Task ListOrders_BuyerWithoutOrders_ReturnsEmptyPage()
    {
        using var client = app.CreateClient(app.Tokens.Buyer(Checkouts.NewBuyer()));

        var page = await client.GetFromJsonAsync<OrderPage>("/api/orders?pageSize=100");

        Assert.Empty(page!.Items);
        Assert.Equal(0, page.Total);
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page=-1", "page")]
    [InlineData("page=1000001", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=101", "pageSize")]
    public async Task ListOrders_PagingOutOfRange_Returns400ValidationProblem(string query, string field)
    {
        using var client = app.CreateClient(app.Tokens.Buyer(Checkouts.NewBuyer()));

        using var response = await client.GetAsync($"/api/orders?{query}");

        await ProblemAssert.IsValidationProblemAsync(response, field);
    }

    [Theory]
    [InlineData("page=abc")]
    [InlineData("pageSize=1.5")]
    [InlineData("pageSize=99999999999")]
    public async Task ListOrders_PagingNotANumber_Returns400Problem(string query)
    {
        using var client = app.CreateClient(app.Tokens.Buyer(Checkouts.NewBuyer()));

        using var response = await client.GetAsync($"/api/orders?{query}");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("/api/orders")]
    [InlineData("/api/orders/3f2c1a9e-5b7d-4c1e-8a2f-0d9b6e4c7a15")]
    [InlineData("/api/orders/not-a-guid")]
    public async Task Orders_WithoutToken_Return401Problem(string path)
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync(path);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Orders_TokenSignedWithAnotherKey_Returns401Problem()
    {
        var buyer = Checkouts.NewBuyer();
        await SeedAsync(buyer, Monday);
        using var client = app.CreateClient(TestTokens.SignedByStranger(buyer));

        using var response = await client.GetAsync("/api/orders");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    /// <summary>Writes an order of 2 × 5.25 straight to the database, moved to <paramref name="state"/> a minute after creation.</summary>
    private async Task<OrderEntity> SeedAsync(string buyerId, DateTimeOffset createdAt, OrderState state = OrderState.Submitted)
    {
        var order = OrderEntity.Submit(
            Guid.NewGuid(), buyerId, Guid.NewGuid().ToString(), [new OrderItem(Guid.NewGuid(), "Seeded item", 5.25m, 2)], createdAt);
        var later = createdAt.AddMinutes(1);
        if (state is OrderState.StockReserved or OrderState.Confirmed or OrderState.Cancelled)
        {
            order.MarkStockReserved(later);
        }
        if (state == OrderState.Confirmed)
        {
            order.Confirm(later);
        }
        if (state == OrderState.Cancelled)
        {
            order.CancelPaymentDeclined(later);
        }
        await app.WithDbContextAsync(async db =>
        {
            db.Orders.Add(order);
            return await db.SaveChangesAsync();
        });
        return order;
    }
}
