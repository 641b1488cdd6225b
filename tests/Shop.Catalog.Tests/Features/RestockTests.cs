using System.Net;
using System.Net.Http.Json;
using System.Text;
using Shop.Catalog.Contracts;
using Shop.Catalog.Tests.Infrastructure;

namespace Shop.Catalog.Tests.Features;

public sealed class RestockTests(CatalogAppFixture app) : IClassFixture<CatalogAppFixture>
{
    private static string StockPath(Guid id) => $"/api/catalog/products/{id}/stock";

    [Fact]
    public async Task Restock_Admin_AddsQuantityAndReturnsUpdatedProduct()
    {
        var product = await app.CreateProductAsync(price: 10.00m, stock: 5);
        using var client = app.CreateAdminClient();

        using var response = await client.PostAsJsonAsync(StockPath(product.Id), new RestockRequest(20));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var details = await response.Content.ReadFromJsonAsync<ProductDetails>();
        Assert.Equal(25, details?.Stock);
        Assert.Equal(10.00m, details?.Price);
    }

    [Fact]
    public async Task Restock_Admin_IsExportedUnderPrometheusNames()
    {
        var product = await app.CreateProductAsync();
        using var client = app.CreateAdminClient();
        using var response = await client.PostAsJsonAsync(StockPath(product.Id), new RestockRequest(4));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var metrics = await client.GetStringAsync("/metrics");

        Assert.Contains("shop_catalog_restocks_total{", metrics, StringComparison.Ordinal);
        Assert.Contains("shop_catalog_restocked_units_total{", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restock_AfterCachedRead_InvalidatesSoNextReadShowsNewStock()
    {
        var product = await app.CreateProductAsync(stock: 5);
        using var reader = app.CreateClient();
        using var admin = app.CreateAdminClient();
        Assert.Equal(5, (await reader.GetFromJsonAsync<ProductDetails>($"/api/catalog/products/{product.Id}"))?.Stock);
        Assert.True(await app.Redis.KeyExistsAsync(app.CacheKey(product.Id)));

        using var response = await admin.PostAsJsonAsync(StockPath(product.Id), new RestockRequest(3));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(await app.Redis.KeyExistsAsync(app.CacheKey(product.Id)));
        Assert.Equal(8, (await reader.GetFromJsonAsync<ProductDetails>($"/api/catalog/products/{product.Id}"))?.Stock);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(100_001)]
    public async Task Restock_QuantityOutOfRange_Returns400ValidationProblemAndKeepsStock(int quantity)
    {
        var product = await app.CreateProductAsync(stock: 5);
        using var client = app.CreateAdminClient();

        using var response = await client.PostAsJsonAsync(StockPath(product.Id), new RestockRequest(quantity));

        await ProblemAssert.IsValidationProblemAsync(response, "quantity");
        Assert.Equal(5, (await client.GetFromJsonAsync<ProductDetails>($"/api/catalog/products/{product.Id}"))?.Stock);
    }

    [Theory]
    [InlineData("{\"quantity\":1.5}")]
    [InlineData("{\"quantity\":99999999999}")]
    [InlineData("{quantity:1}")]
    public async Task Restock_MalformedJson_Returns400Problem(string body)
    {
        var product = await app.CreateProductAsync();
        using var client = app.CreateAdminClient();

        using var response = await client.PostAsync(StockPath(product.Id), new StringContent(body, Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Restock_WithoutToken_Returns401Problem()
    {
        var product = await app.CreateProductAsync();
        using var client = app.CreateClient();

        using var response = await client.PostAsJsonAsync(StockPath(product.Id), new RestockRequest(1));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Restock_BuyerToken_Returns403Problem()
    {
        var product = await app.CreateProductAsync();
        using var client = app.CreateClient(app.Tokens.Buyer("buyer-1"));

        using var response = await client.PostAsJsonAsync(StockPath(product.Id), new RestockRequest(1));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Restock_UnknownProduct_Returns404Problem()
    {
        using var client = app.CreateAdminClient();

        using var response = await client.PostAsJsonAsync(StockPath(Guid.NewGuid()), new RestockRequest(1));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Restock_ConcurrentRestocks_LoseNoUpdate()
    {
        var product = await app.CreateProductAsync(stock: 0);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            using var client = app.CreateAdminClient();
            using var response = await client.PostAsJsonAsync(StockPath(product.Id), new RestockRequest(10));
            return response.StatusCode;
        }));

        // A request that lost every retry says so (409); every 200 must be reflected in the final stock.
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.Conflict, s.ToString()));
        using var reader = app.CreateClient();
        var final = await reader.GetFromJsonAsync<ProductDetails>($"/api/catalog/products/{product.Id}");
        Assert.Equal(10 * statuses.Count(s => s == HttpStatusCode.OK), final?.Stock);
    }
}
