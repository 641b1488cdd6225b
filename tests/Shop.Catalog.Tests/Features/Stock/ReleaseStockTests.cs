using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Shop.Catalog.Contracts.Messages;
using Shop.Catalog.Tests.Infrastructure;

namespace Shop.Catalog.Tests.Features.Stock;

/// <summary>ReleaseStock through the real bus: the order's units go back exactly once.</summary>
public sealed class ReleaseStockTests(CatalogAppFixture app) : IClassFixture<CatalogAppFixture>
{
    private const string ReserveQueue = "catalog-reserve-stock";
    private const string ReleaseQueue = "catalog-release-stock";

    private Task<int> StockAsync(Guid productId) =>
        app.WithDbContextAsync(db => db.Products.Where(p => p.Id == productId).Select(p => p.Stock).SingleAsync());

    private async Task<BusProbe> ReserveAsync(Guid orderId, params StockItem[] items)
    {
        var bus = await app.BusAsync();
        await bus.SendAsync(ReserveQueue, new ReserveStock(orderId, items));
        await bus.WaitForAsync<StockReserved>(e => e.OrderId == orderId);
        return bus;
    }

    [Fact]
    public async Task ReleaseStock_ReservedOrder_RestoresStockMarksRowsAndPublishesStockReleased()
    {
        var first = await app.CreateProductAsync(stock: 5);
        var second = await app.CreateProductAsync(stock: 4);
        var orderId = Guid.NewGuid();
        var bus = await ReserveAsync(orderId, new StockItem(first.Id, 2), new StockItem(second.Id, 4));
        using var releasedUnits = new MetricCollector<long>(
            app.Services.GetRequiredService<IMeterFactory>(), "Shop.Catalog", "shop.catalog.stock.released_units");

        await bus.SendAsync(ReleaseQueue, new ReleaseStock(orderId));

        var released = await bus.WaitForAsync<StockReleased>(e => e.OrderId == orderId);
        Assert.Equal(
            new[] { new StockItem(first.Id, 2), new StockItem(second.Id, 4) }.OrderBy(i => i.ProductId),
            released.Items.OrderBy(i => i.ProductId));
        Assert.Equal(5, await StockAsync(first.Id));
        Assert.Equal(4, await StockAsync(second.Id));
        var rows = await app.WithDbContextAsync(db => db.StockReservations.Where(r => r.OrderId == orderId).ToListAsync());
        Assert.Equal(2, rows.Count);
        Assert.All(rows, row => Assert.NotNull(row.ReleasedAt));
        await Eventually.HoldsAsync(() => releasedUnits.GetMeasurementSnapshot().EvaluateAsCounter() == 6, "6 released units are counted");
    }

    [Fact]
    public async Task ReleaseStock_SentTwiceWithNewMessageIds_RestoresOnceAndSecondAnswerIsEmpty()
    {
        var product = await app.CreateProductAsync(stock: 5);
        var orderId = Guid.NewGuid();
        var bus = await ReserveAsync(orderId, new StockItem(product.Id, 3));

        await bus.SendAsync(ReleaseQueue, new ReleaseStock(orderId));
        await bus.WaitForAsync<StockReleased>(e => e.OrderId == orderId);
        await bus.SendAsync(ReleaseQueue, new ReleaseStock(orderId));

        var answers = await bus.WaitForAsync<StockReleased>(e => e.OrderId == orderId, count: 2);
        Assert.Single(answers, a => a.Items.Count == 1);
        Assert.Single(answers, a => a.Items.Count == 0);
        Assert.Equal(5, await StockAsync(product.Id));
    }

    [Fact]
    public async Task ReleaseStock_TwoReleasesAtOnce_RestoreExactlyOnce()
    {
        var product = await app.CreateProductAsync(stock: 5);
        var orderId = Guid.NewGuid();
        var bus = await ReserveAsync(orderId, new StockItem(product.Id, 3));

        await Task.WhenAll(bus.SendAsync(ReleaseQueue, new ReleaseStock(orderId)), bus.SendAsync(ReleaseQueue, new ReleaseStock(orderId)));

        var answers = await bus.WaitForAsync<StockReleased>(e => e.OrderId == orderId, count: 2);
        Assert.Equal(3, answers.Sum(a => a.Items.Sum(i => i.Quantity)));
        Assert.Equal(5, await StockAsync(product.Id));
    }

    [Fact]
    public async Task ReleaseStock_SameMessageDeliveredTwice_AnswersOnce()
    {
        var product = await app.CreateProductAsync(stock: 5);
        var orderId = Guid.NewGuid();
        var bus = await ReserveAsync(orderId, new StockItem(product.Id, 3));
        using var duplicates = new MetricCollector<long>(
            app.Services.GetRequiredService<IMeterFactory>(), "Shop.Messaging", "shop.messaging.inbox.duplicates");

        var messageId = await bus.SendAsync(ReleaseQueue, new ReleaseStock(orderId));
        await bus.SendAsync(ReleaseQueue, new ReleaseStock(orderId), messageId);

        await Eventually.HoldsAsync(() => duplicates.GetMeasurementSnapshot().EvaluateAsCounter() == 1, "the copy is dropped by the inbox");
        await bus.WaitForAsync<StockReleased>(e => e.OrderId == orderId);
        Assert.Single(bus.All<StockReleased>(e => e.OrderId == orderId));
        Assert.Equal(5, await StockAsync(product.Id));
    }

    [Fact]
    public async Task ReleaseStock_OrderWithoutReservation_AnswersWithEmptyItems()
    {
        var bus = await app.BusAsync();
        var orderId = Guid.NewGuid();

        await bus.SendAsync(ReleaseQueue, new ReleaseStock(orderId));

        var released = await bus.WaitForAsync<StockReleased>(e => e.OrderId == orderId);
        Assert.Empty(released.Items);
    }

    [Fact]
    public async Task ReleaseStock_AfterFailedReservation_AnswersWithEmptyItemsAndKeepsStock()
    {
        var product = await app.CreateProductAsync(stock: 1);
        var bus = await app.BusAsync();
        var orderId = Guid.NewGuid();
        await bus.SendAsync(ReserveQueue, new ReserveStock(orderId, [new StockItem(product.Id, 2)]));
        await bus.WaitForAsync<StockReservationFailed>(e => e.OrderId == orderId);

        await bus.SendAsync(ReleaseQueue, new ReleaseStock(orderId));

        var released = await bus.WaitForAsync<StockReleased>(e => e.OrderId == orderId);
        Assert.Empty(released.Items);
        Assert.Equal(1, await StockAsync(product.Id));
    }
}
