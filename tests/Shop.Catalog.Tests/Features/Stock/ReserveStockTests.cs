using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Npgsql;
using Shop.Catalog.Contracts;
using Shop.Catalog.Contracts.Messages;
using Shop.Catalog.Tests.Infrastructure;

namespace Shop.Catalog.Tests.Features.Stock;

/// <summary>ReserveStock through the real bus: all-or-nothing, once per order, safe under concurrency.</summary>
public sealed class ReserveStockTests(CatalogAppFixture app) : IClassFixture<CatalogAppFixture>
{
    private const string Queue = "catalog-reserve-stock";

    private MetricCollector<long> Collect(string meter, string instrument) =>
        new(app.Services.GetRequiredService<IMeterFactory>(), meter, instrument);

    private Task<int> StockAsync(Guid productId) =>
        app.WithDbContextAsync(db => db.Products.Where(p => p.Id == productId).Select(p => p.Stock).SingleAsync());

    private async Task<List<(Guid ProductId, int Quantity)>> ReservationsAsync(Guid orderId)
    {
        var rows = await app.WithDbContextAsync(db => db.StockReservations.Where(r => r.OrderId == orderId).ToListAsync());
        return [.. rows.OrderBy(r => r.ProductId).Select(r => (r.ProductId, r.Quantity))];
    }

    private async Task<long> DeadlocksAsync()
    {
        await using var connection = new NpgsqlConnection(TestServers.PostgresDatabase(app.DatabaseName));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task CatalogHost_Started_ConsumesFromTheThreeCatalogQueues()
    {
        await app.BusAsync();

        Assert.True(await app.VirtualHost.QueueExistsAsync("catalog-reserve-stock"));
        Assert.True(await app.VirtualHost.QueueExistsAsync("catalog-release-stock"));
        Assert.True(await app.VirtualHost.QueueExistsAsync("catalog-get-product-snapshots"));
    }

    [Fact]
    public async Task ReserveStock_EnoughStock_DecrementsStockRecordsRowsAndPublishesStockReserved()
    {
        var first = await app.CreateProductAsync(stock: 5);
        var second = await app.CreateProductAsync(stock: 3);
        var bus = await app.BusAsync();
        using var reservations = Collect("Shop.Catalog", "shop.catalog.stock.reservations");
        using var units = Collect("Shop.Catalog", "shop.catalog.stock.reserved_units");
        var orderId = Guid.NewGuid();

        await bus.SendAsync(Queue, new ReserveStock(orderId, [new StockItem(first.Id, 2), new StockItem(second.Id, 3)]));

        var reserved = await bus.WaitForAsync<StockReserved>(e => e.OrderId == orderId);
        Assert.Equal(
            [new StockItem(first.Id, 2), new StockItem(second.Id, 3)],
            reserved.Items.OrderBy(i => i.ProductId == first.Id ? 0 : 1));
        Assert.Equal(3, await StockAsync(first.Id));
        Assert.Equal(0, await StockAsync(second.Id));
        Assert.Equal(2, (await ReservationsAsync(orderId)).Count);
        await Eventually.HoldsAsync(() => units.GetMeasurementSnapshot().EvaluateAsCounter() == 5, "5 reserved units are counted");
        var measurement = Assert.Single(reservations.GetMeasurementSnapshot());
        Assert.Equal("reserved", measurement.Tags["result"]);
    }

    [Fact]
    public async Task ReserveStock_DuplicateLinesOfOneProduct_AreMergedIntoOneReservation()
    {
        var product = await app.CreateProductAsync(stock: 5);
        var bus = await app.BusAsync();
        var orderId = Guid.NewGuid();

        await bus.SendAsync(Queue, new ReserveStock(orderId, [new StockItem(product.Id, 2), new StockItem(product.Id, 3)]));

        var reserved = await bus.WaitForAsync<StockReserved>(e => e.OrderId == orderId);
        Assert.Equal([new StockItem(product.Id, 5)], reserved.Items);
        Assert.Equal(0, await StockAsync(product.Id));
        Assert.Equal([(product.Id, 5)], await ReservationsAsync(orderId));
    }

    [Fact]
    public async Task ReserveStock_OneProductShort_ReservesNothingAndListsTheShortProduct()
    {
        var plenty = await app.CreateProductAsync(stock: 10);
        var scarce = await app.CreateProductAsync(stock: 1);
        var bus = await app.BusAsync();
        using var stockouts = Collect("Shop.Catalog", "shop.catalog.stock.stockouts");
        var orderId = Guid.NewGuid();

        await bus.SendAsync(Queue, new ReserveStock(orderId, [new StockItem(plenty.Id, 4), new StockItem(scarce.Id, 2)]));

        var failed = await bus.WaitForAsync<StockReservationFailed>(e => e.OrderId == orderId);
        Assert.Equal([scarce.Id], failed.UnavailableProductIds);
        Assert.Equal(10, await StockAsync(plenty.Id));
        Assert.Equal(1, await StockAsync(scarce.Id));
        Assert.Empty(await ReservationsAsync(orderId));
        Assert.Empty(bus.All<StockReserved>(e => e.OrderId == orderId));
        await Eventually.HoldsAsync(() => stockouts.GetMeasurementSnapshot().EvaluateAsCounter() == 1, "one stockout is counted");
    }

    [Fact]
    public async Task ReserveStock_SeveralProductsShort_ListsEveryOne()
    {
        var first = await app.CreateProductAsync(stock: 1);
        var second = await app.CreateProductAsync(stock: 1);
        var available = await app.CreateProductAsync(stock: 1);
        var bus = await app.BusAsync();
        var orderId = Guid.NewGuid();

        await bus.SendAsync(Queue, new ReserveStock(orderId,
            [new StockItem(first.Id, 2), new StockItem(available.Id, 1), new StockItem(second.Id, 2)]));

        var failed = await bus.WaitForAsync<StockReservationFailed>(e => e.OrderId == orderId);
        Assert.Equal(new[] { first.Id, second.Id }.Order(), failed.UnavailableProductIds.Order());
        Assert.Equal(1, await StockAsync(available.Id));
    }

    [Fact]
    public async Task ReserveStock_UnknownProduct_FailsAndLeavesTheKnownProductAlone()
    {
        var known = await app.CreateProductAsync(stock: 5);
        var unknown = Guid.NewGuid();
        var bus = await app.BusAsync();
        var orderId = Guid.NewGuid();

        await bus.SendAsync(Queue, new ReserveStock(orderId, [new StockItem(known.Id, 1), new StockItem(unknown, 1)]));

        var failed = await bus.WaitForAsync<StockReservationFailed>(e => e.OrderId == orderId);
        Assert.Equal([unknown], failed.UnavailableProductIds);
        Assert.Equal(5, await StockAsync(known.Id));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public async Task ReserveStock_QuantityNotPositive_FailsListingTheProductAndReservesNothing(int quantity)
    {
        var valid = await app.CreateProductAsync(stock: 5);
        var invalid = await app.CreateProductAsync(stock: 5);
        var bus = await app.BusAsync();
        var orderId = Guid.NewGuid();

        await bus.SendAsync(Queue, new ReserveStock(orderId, [new StockItem(valid.Id, 1), new StockItem(invalid.Id, quantity)]));

        var failed = await bus.WaitForAsync<StockReservationFailed>(e => e.OrderId == orderId);
        Assert.Equal([invalid.Id], failed.UnavailableProductIds);
        Assert.Equal(5, await StockAsync(valid.Id));
        Assert.Equal(5, await StockAsync(invalid.Id));
    }

    [Fact]
    public async Task ReserveStock_NoItems_FailsWithoutProducts()
    {
        var bus = await app.BusAsync();
        var orderId = Guid.NewGuid();

        await bus.SendAsync(Queue, new ReserveStock(orderId, []));

        var failed = await bus.WaitForAsync<StockReservationFailed>(e => e.OrderId == orderId);
        Assert.Empty(failed.UnavailableProductIds);
    }

    [Fact]
    public async Task ReserveStock_SameMessageDeliveredTwice_ReservesAndAnswersOnce()
    {
        var product = await app.CreateProductAsync(stock: 5);
        var bus = await app.BusAsync();
        using var duplicates = Collect("Shop.Messaging", "shop.messaging.inbox.duplicates");
        var orderId = Guid.NewGuid();
        var command = new ReserveStock(orderId, [new StockItem(product.Id, 2)]);

        var messageId = await bus.SendAsync(Queue, command);
        await bus.SendAsync(Queue, command, messageId);

        await Eventually.HoldsAsync(() => duplicates.GetMeasurementSnapshot().EvaluateAsCounter() == 1, "the copy is dropped by the inbox");
        await bus.WaitForAsync<StockReserved>(e => e.OrderId == orderId);
        Assert.Single(bus.All<StockReserved>(e => e.OrderId == orderId));
        Assert.Equal(3, await StockAsync(product.Id));
    }

    [Fact]
    public async Task ReserveStock_SentAgainWithNewMessageId_AnswersFromTheExistingReservation()
    {
        var product = await app.CreateProductAsync(stock: 5);
        var bus = await app.BusAsync();
        var orderId = Guid.NewGuid();
        var command = new ReserveStock(orderId, [new StockItem(product.Id, 2)]);

        await bus.SendAsync(Queue, command);
        await bus.WaitForAsync<StockReserved>(e => e.OrderId == orderId);
        await bus.SendAsync(Queue, command);

        var answers = await bus.WaitForAsync<StockReserved>(e => e.OrderId == orderId, count: 2);
        Assert.All(answers, answer => Assert.Equal([new StockItem(product.Id, 2)], answer.Items));
        Assert.Equal(3, await StockAsync(product.Id));
        Assert.Equal([(product.Id, 2)], await ReservationsAsync(orderId));
    }

    [Fact]
    public async Task ReserveStock_SameOrderSentTwiceAtOnce_ReservesOnceAndAnswersBoth()
    {
        var product = await app.CreateProductAsync(stock: 5);
        var bus = await app.BusAsync();
        var orderId = Guid.NewGuid();
        var command = new ReserveStock(orderId, [new StockItem(product.Id, 2)]);

        await Task.WhenAll(bus.SendAsync(Queue, command), bus.SendAsync(Queue, command));

        await bus.WaitForAsync<StockReserved>(e => e.OrderId == orderId, count: 2);
        Assert.Equal(3, await StockAsync(product.Id));
        Assert.Equal([(product.Id, 2)], await ReservationsAsync(orderId));
    }

    [Fact]
    public async Task ReserveStock_100ConcurrentOrdersFor10Units_Exactly10SucceedAndStockEndsAtZero()
    {
        var product = await app.CreateProductAsync(stock: 10);
        var bus = await app.BusAsync();
        var orders = Enumerable.Range(0, 100).Select(_ => Guid.NewGuid()).ToHashSet();

        await Task.WhenAll(orders.Select(orderId => bus.SendAsync(Queue, new ReserveStock(orderId, [new StockItem(product.Id, 1)]))));

        await Eventually.HoldsAsync(
            () => bus.All<StockReserved>(e => orders.Contains(e.OrderId)).Count + bus.All<StockReservationFailed>(e => orders.Contains(e.OrderId)).Count == 100,
            "every order is answered",
            TimeSpan.FromSeconds(60));
        var reserved = bus.All<StockReserved>(e => orders.Contains(e.OrderId));
        var failed = bus.All<StockReservationFailed>(e => orders.Contains(e.OrderId));
        Assert.Equal(10, reserved.Count);
        Assert.Equal(90, failed.Count);
        Assert.All(failed, f => Assert.Equal([product.Id], f.UnavailableProductIds));
        Assert.Equal(100, reserved.Select(e => e.OrderId).Concat(failed.Select(e => e.OrderId)).Distinct().Count());
        Assert.Equal(0, await StockAsync(product.Id));
        var rows = await app.WithDbContextAsync(db => db.StockReservations.Where(r => r.ProductId == product.Id).ToListAsync());
        Assert.Equal(10, rows.Count);
        Assert.Equal(reserved.Select(e => e.OrderId).Order(), rows.Select(r => r.OrderId).Order());
    }

    [Fact]
    public async Task ReserveStock_OrdersLockingSharedProductsInOppositeOrder_AllSucceedWithoutErrors()
    {
        var first = await app.CreateProductAsync(stock: 100);
        var second = await app.CreateProductAsync(stock: 100);
        var bus = await app.BusAsync();
        var orders = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()).ToList();

        await Task.WhenAll(orders.Select((orderId, i) => bus.SendAsync(Queue, new ReserveStock(orderId, i % 2 == 0
            ? [new StockItem(first.Id, 1), new StockItem(second.Id, 1)]
            : [new StockItem(second.Id, 1), new StockItem(first.Id, 1)]))));

        await bus.WaitForAsync<StockReserved>(e => orders.Contains(e.OrderId), count: 40, TimeSpan.FromSeconds(60));
        Assert.Equal(60, await StockAsync(first.Id));
        Assert.Equal(60, await StockAsync(second.Id));
        // Deadlocks would mostly be hidden by retries; PostgreSQL counts them anyway.
        Assert.Equal(0, await DeadlocksAsync());
    }

    [Fact]
    public async Task ReserveStock_AfterCachedRead_InvalidatesSoNextReadShowsNewStock()
    {
        var product = await app.CreateProductAsync(stock: 5);
        using var reader = app.CreateClient();
        Assert.Equal(5, (await reader.GetFromJsonAsync<ProductDetails>($"/api/catalog/products/{product.Id}"))?.Stock);
        Assert.True(await app.Redis.KeyExistsAsync(app.CacheKey(product.Id)));
        var bus = await app.BusAsync();
        var orderId = Guid.NewGuid();

        await bus.SendAsync(Queue, new ReserveStock(orderId, [new StockItem(product.Id, 2)]));

        await bus.WaitForAsync<StockReserved>(e => e.OrderId == orderId);
        await Eventually.HoldsAsync(async () => !await app.Redis.KeyExistsAsync(app.CacheKey(product.Id)), "the cached entry is removed");
        Assert.Equal(3, (await reader.GetFromJsonAsync<ProductDetails>($"/api/catalog/products/{product.Id}"))?.Stock);
    }
}
