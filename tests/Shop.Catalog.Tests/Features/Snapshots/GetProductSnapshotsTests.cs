using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Shop.Catalog.Contracts.Messages;
using Shop.Catalog.Seeding;
using Shop.Catalog.Tests.Infrastructure;

namespace Shop.Catalog.Tests.Features.Snapshots;

/// <summary>GetProductSnapshots as the Cart module asks it: a published request, answered by the catalog.</summary>
public sealed class GetProductSnapshotsTests(CatalogAppFixture app) : IClassFixture<CatalogAppFixture>
{
    [Fact]
    public async Task GetProductSnapshots_KnownAndUnknownIds_AnswersProductsInOrderAndListsMissing()
    {
        var first = await app.CreateProductAsync(price: 12.50m, stock: 7);
        var second = await app.CreateProductAsync(price: 3.99m, stock: 0);
        var unknown = Guid.NewGuid();
        var bus = await app.BusAsync();

        var snapshots = await bus.GetSnapshotsAsync([second.Id, unknown, first.Id, second.Id]);

        Assert.Equal(
            [new ProductSnapshot(second.Id, second.Name, 3.99m, 0), new ProductSnapshot(first.Id, first.Name, 12.50m, 7)],
            snapshots.Products);
        Assert.Equal([unknown], snapshots.MissingProductIds);
    }

    [Fact]
    public async Task GetProductSnapshots_SeededProduct_MatchesTheCatalog()
    {
        var id = CatalogSeed.ProductId("ELC-00186");
        var bus = await app.BusAsync();

        var snapshots = await bus.GetSnapshotsAsync([id]);

        var product = Assert.Single(snapshots.Products);
        Assert.Equal("Voltix Wireless Action Camera, Black", product.Name);
        Assert.True(product.Price > 0);
        Assert.Empty(snapshots.MissingProductIds);
    }

    [Fact]
    public async Task GetProductSnapshots_AskedTwice_SecondAnswerComesFromTheCache()
    {
        var first = await app.CreateProductAsync();
        var second = await app.CreateProductAsync();
        var bus = await app.BusAsync();
        var meters = app.Services.GetRequiredService<IMeterFactory>();
        using var hits = new MetricCollector<long>(meters, "Shop.Catalog", "shop.catalog.cache.hits");
        using var misses = new MetricCollector<long>(meters, "Shop.Catalog", "shop.catalog.cache.misses");

        await bus.GetSnapshotsAsync([first.Id, second.Id]);
        Assert.Equal(2, misses.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.True(await app.Redis.KeyExistsAsync(app.CacheKey(first.Id)));
        Assert.True(await app.Redis.KeyExistsAsync(app.CacheKey(second.Id)));

        var again = await bus.GetSnapshotsAsync([first.Id, second.Id]);

        Assert.Equal(2, again.Products.Count);
        Assert.Equal(2, hits.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(2, misses.GetMeasurementSnapshot().EvaluateAsCounter());
    }

    [Fact]
    public async Task GetProductSnapshots_AfterReservation_ShowsTheNewStock()
    {
        var product = await app.CreateProductAsync(stock: 6);
        var bus = await app.BusAsync();
        Assert.Equal(6, Assert.Single((await bus.GetSnapshotsAsync([product.Id])).Products).Stock);
        var orderId = Guid.NewGuid();

        await bus.SendAsync("catalog-reserve-stock", new ReserveStock(orderId, [new StockItem(product.Id, 4)]));
        await bus.WaitForAsync<StockReserved>(e => e.OrderId == orderId);
        await Eventually.HoldsAsync(async () => !await app.Redis.KeyExistsAsync(app.CacheKey(product.Id)), "the cached entry is removed");

        Assert.Equal(2, Assert.Single((await bus.GetSnapshotsAsync([product.Id])).Products).Stock);
    }

    [Fact]
    public async Task GetProductSnapshots_NoIds_AnswersEmpty()
    {
        var bus = await app.BusAsync();

        var snapshots = await bus.GetSnapshotsAsync([]);

        Assert.Empty(snapshots.Products);
        Assert.Empty(snapshots.MissingProductIds);
    }

    [Fact]
    public async Task GetProductSnapshots_100Ids_AnswersEveryOne()
    {
        var bus = await app.BusAsync();
        var ids = Enumerable.Range(1, 100).Select(n => CatalogSeed.ProductId($"ELC-{n:D5}")).ToList();

        var snapshots = await bus.GetSnapshotsAsync(ids);

        Assert.Equal(ids, snapshots.Products.Select(p => p.ProductId));
        Assert.Empty(snapshots.MissingProductIds);
    }

    [Fact]
    public async Task GetProductSnapshots_MoreThan100Ids_FaultsAtOnceWithoutRetries()
    {
        var bus = await app.BusAsync();
        var ids = Enumerable.Range(0, 101).Select(_ => Guid.NewGuid()).ToList();
        var started = DateTime.UtcNow;

        var fault = await Assert.ThrowsAsync<RequestFaultException>(() => bus.GetSnapshotsAsync(ids));

        Assert.Contains("at most 100", fault.Message, StringComparison.Ordinal);
        // The retry policy would take over 3 s before faulting; a rejected request is answered straight away.
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(3), $"took {DateTime.UtcNow - started}");
    }
}
