using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Shop.Catalog.Contracts;
using Shop.Catalog.Contracts.Messages;
using Shop.Catalog.Tests.Infrastructure;

namespace Shop.Catalog.Tests.Caching;

/// <summary>The host's Redis points at a port where nothing listens, as when Redis is down.</summary>
public sealed class RedisUnavailableTests(CatalogAppWithoutRedisFixture app) : IClassFixture<CatalogAppWithoutRedisFixture>
{
    [Fact]
    public async Task Get_RedisDown_ServesFromDatabaseAndCountsCacheError()
    {
        var product = await app.CreateProductAsync(price: 42.00m);
        using var errors = new MetricCollector<long>(app.Services.GetRequiredService<IMeterFactory>(), "Shop.Catalog", "shop.catalog.cache.errors");
        using var client = app.CreateClient();

        var first = await client.GetFromJsonAsync<ProductDetails>($"/api/catalog/products/{product.Id}");
        var second = await client.GetFromJsonAsync<ProductDetails>($"/api/catalog/products/{product.Id}");

        Assert.Equal(42.00m, first?.Price);
        Assert.Equal(42.00m, second?.Price);
        // One failed read per request; no write is attempted after a failed read.
        Assert.Equal(2, errors.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.All(errors.GetMeasurementSnapshot(), m => Assert.Equal("get", m.Tags["operation"]));
    }

    [Fact]
    public async Task List_RedisDown_StillServesPages()
    {
        using var client = app.CreateClient();

        var page = await client.GetFromJsonAsync<ProductPage>("/api/catalog/products?category=grocery&pageSize=5");

        Assert.Equal(500, page?.Total);
    }

    [Fact]
    public async Task ChangePrice_RedisDown_SucceedsAndNextReadShowsNewPrice()
    {
        var product = await app.CreateProductAsync(price: 10.00m);
        using var admin = app.CreateAdminClient();

        using var response = await admin.PutAsJsonAsync($"/api/catalog/products/{product.Id}/price", new ChangePriceRequest(11.50m));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(11.50m, (await admin.GetFromJsonAsync<ProductDetails>($"/api/catalog/products/{product.Id}"))?.Price);
    }

    [Fact]
    public async Task Ready_RedisDown_ReportsDegradedButStaysInRotation()
    {
        await app.WaitUntilBusConnectedAsync();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Degraded", report.GetProperty("status").GetString());
        Assert.Equal("Degraded", report.GetProperty("checks").GetProperty("catalog-redis").GetProperty("status").GetString());
        Assert.Equal("Healthy", report.GetProperty("checks").GetProperty("catalog-postgres").GetProperty("status").GetString());
        Assert.Equal("Healthy", report.GetProperty("checks").GetProperty("masstransit-bus").GetProperty("status").GetString());
    }

    [Fact]
    public async Task GetProductSnapshots_RedisDown_AnswersFromDatabase()
    {
        var product = await app.CreateProductAsync(price: 8.40m, stock: 3);
        var bus = await app.BusAsync();

        var snapshots = await bus.GetSnapshotsAsync([product.Id, Guid.NewGuid()]);

        Assert.Equal([new ProductSnapshot(product.Id, product.Name, 8.40m, 3)], snapshots.Products);
        Assert.Single(snapshots.MissingProductIds);
    }

    [Fact]
    public async Task ReserveStock_RedisDown_ReservesAnyway()
    {
        var product = await app.CreateProductAsync(stock: 3);
        var bus = await app.BusAsync();
        var orderId = Guid.NewGuid();

        await bus.SendAsync("catalog-reserve-stock", new ReserveStock(orderId, [new StockItem(product.Id, 2)]));

        await bus.WaitForAsync<StockReserved>(e => e.OrderId == orderId);
        using var client = app.CreateClient();
        Assert.Equal(1, (await client.GetFromJsonAsync<ProductDetails>($"/api/catalog/products/{product.Id}"))?.Stock);
    }
}
