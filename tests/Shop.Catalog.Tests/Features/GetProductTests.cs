using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Shop.Catalog.Contracts;
using Shop.Catalog.Tests.Infrastructure;

namespace Shop.Catalog.Tests.Features;

public sealed class GetProductTests(CatalogAppFixture app) : IClassFixture<CatalogAppFixture>
{
    private MetricCollector<long> Collect(string instrument) =>
        new(app.Services.GetRequiredService<IMeterFactory>(), "Shop.Catalog", instrument);

    [Fact]
    public async Task Get_ExistingProduct_ReturnsDetails()
    {
        var product = await app.CreateProductAsync(price: 12.34m, stock: 7);
        using var client = app.CreateClient();

        var details = await client.GetFromJsonAsync<ProductDetails>($"/api/catalog/products/{product.Id}");

        Assert.NotNull(details);
        Assert.Equal(product.Id, details.Id);
        Assert.Equal(product.Sku, details.Sku);
        Assert.Equal(product.Name, details.Name);
        Assert.Equal(12.34m, details.Price);
        Assert.Equal(7, details.Stock);
        Assert.Equal("Made by a test.", details.Description);
        Assert.Null(details.Category);
        Assert.Null(details.CategoryId);
    }

    [Fact]
    public async Task Get_TwiceInARow_FirstMissesThenHitsTheCache()
    {
        var product = await app.CreateProductAsync();
        using var hits = Collect("shop.catalog.cache.hits");
        using var misses = Collect("shop.catalog.cache.misses");
        using var client = app.CreateClient();

        using var first = await client.GetAsync($"/api/catalog/products/{product.Id}");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(1, misses.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(0, hits.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.True(await app.Redis.KeyExistsAsync(app.CacheKey(product.Id)));

        using var second = await client.GetAsync($"/api/catalog/products/{product.Id}");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(1, hits.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(1, misses.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_CacheTraffic_IsExportedUnderPrometheusNames()
    {
        var product = await app.CreateProductAsync();
        using var client = app.CreateClient();
        await client.GetStringAsync($"/api/catalog/products/{product.Id}");
        await client.GetStringAsync($"/api/catalog/products/{product.Id}");

        var metrics = await client.GetStringAsync("/metrics");

        Assert.Contains("shop_catalog_cache_hits_total{", metrics, StringComparison.Ordinal);
        Assert.Contains("shop_catalog_cache_misses_total{", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_CachedEntry_ExpiresWithinConfiguredLifetime()
    {
        var product = await app.CreateProductAsync();
        using var client = app.CreateClient();

        using var response = await client.GetAsync($"/api/catalog/products/{product.Id}");

        var ttl = await app.Redis.KeyTimeToLiveAsync(app.CacheKey(product.Id));
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(6));
    }

    [Fact]
    public async Task Get_UnreadableCacheEntry_ReloadsFromDatabaseAndRepairsIt()
    {
        var product = await app.CreateProductAsync(price: 3.50m);
        await app.Redis.StringSetAsync(app.CacheKey(product.Id), "not json", TimeSpan.FromMinutes(1));
        using var client = app.CreateClient();

        var details = await client.GetFromJsonAsync<ProductDetails>($"/api/catalog/products/{product.Id}");

        Assert.Equal(3.50m, details?.Price);
        Assert.Contains("3.5", (string?)await app.Redis.StringGetAsync(app.CacheKey(product.Id)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("12345")]
    [InlineData("00000000-0000-0000-0000-00000000000g")]
    public async Task Get_MalformedId_Returns400ValidationProblem(string id)
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync($"/api/catalog/products/{id}");

        await ProblemAssert.IsValidationProblemAsync(response, "id");
    }

    [Fact]
    public async Task Get_UnknownId_Returns404Problem()
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync($"/api/catalog/products/{Guid.NewGuid()}");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/api/catalog/nothing-here")]
    [InlineData("/api/catalog/products/a/b/c")]
    public async Task Get_UnknownRoute_Returns404Problem(string path)
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync(path);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }
}
