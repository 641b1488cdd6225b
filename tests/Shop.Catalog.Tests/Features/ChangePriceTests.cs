using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Npgsql;
using Shop.Catalog.Contracts;
using Shop.Catalog.Contracts.Messages;
using Shop.Catalog.Tests.Infrastructure;

namespace Shop.Catalog.Tests.Features;

public sealed class ChangePriceTests(CatalogAppFixture app) : IClassFixture<CatalogAppFixture>
{
    private static string PricePath(Guid id) => $"/api/catalog/products/{id}/price";

    [Fact]
    public async Task ChangePrice_Admin_Returns200WithUpdatedProduct()
    {
        var product = await app.CreateProductAsync(price: 10.00m);
        using var changes = new MetricCollector<long>(app.Services.GetRequiredService<IMeterFactory>(), "Shop.Catalog", "shop.catalog.price_changes");
        using var client = app.CreateAdminClient();

        using var response = await client.PutAsJsonAsync(PricePath(product.Id), new ChangePriceRequest(24.99m));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var details = await response.Content.ReadFromJsonAsync<ProductDetails>();
        Assert.Equal(24.99m, details?.Price);
        Assert.Equal(product.Stock, details?.Stock);
        Assert.Equal(1, changes.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Contains("shop_catalog_price_changes_total{", await client.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangePrice_Admin_PublishesProductPriceChanged()
    {
        var product = await app.CreateProductAsync(price: 10.00m);
        var bus = await app.BusAsync();
        using var client = app.CreateAdminClient();
        var before = DateTimeOffset.UtcNow;

        using var response = await client.PutAsJsonAsync(PricePath(product.Id), new ChangePriceRequest(11.50m));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var changed = await bus.WaitForAsync<ProductPriceChanged>(e => e.ProductId == product.Id);
        Assert.Equal(10.00m, changed.OldPrice);
        Assert.Equal(11.50m, changed.NewPrice);
        Assert.InRange(changed.ChangedAt, before, DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task ChangePrice_SamePrice_StagesNoEvent()
    {
        var product = await app.CreateProductAsync(price: 10.00m);
        using var client = app.CreateAdminClient();

        using var response = await client.PutAsJsonAsync(PricePath(product.Id), new ChangePriceRequest(10.00m));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The event would have been written with the price, in the same SaveChanges; no row means nothing will be sent.
        Assert.Equal(0, await OutboxRowsAboutAsync(product.Id));
    }

    [Fact]
    public async Task ChangePrice_InvalidPrice_StagesNoEvent()
    {
        var product = await app.CreateProductAsync(price: 10.00m);
        using var client = app.CreateAdminClient();

        using var response = await client.PutAsJsonAsync(PricePath(product.Id), new ChangePriceRequest(-1m));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await OutboxRowsAboutAsync(product.Id));
    }

    private async Task<long> OutboxRowsAboutAsync(Guid productId)
    {
        await using var connection = new NpgsqlConnection(TestServers.PostgresDatabase(app.DatabaseName));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM catalog.outbox_messages WHERE body ->> 'productId' = @id", connection);
        command.Parameters.AddWithValue("id", productId.ToString());
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task ChangePrice_AfterCachedRead_InvalidatesSoNextReadShowsNewPrice()
    {
        var product = await app.CreateProductAsync(price: 10.00m);
        using var reader = app.CreateClient();
        using var admin = app.CreateAdminClient();
        Assert.Equal(10.00m, (await reader.GetFromJsonAsync<ProductDetails>($"/api/catalog/products/{product.Id}"))?.Price);
        Assert.True(await app.Redis.KeyExistsAsync(app.CacheKey(product.Id)));

        using var response = await admin.PutAsJsonAsync(PricePath(product.Id), new ChangePriceRequest(7.25m));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(await app.Redis.KeyExistsAsync(app.CacheKey(product.Id)));
        Assert.Equal(7.25m, (await reader.GetFromJsonAsync<ProductDetails>($"/api/catalog/products/{product.Id}"))?.Price);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("19.999")]
    [InlineData("1000000.01")]
    public async Task ChangePrice_InvalidPrice_Returns400ValidationProblemAndKeepsPrice(string price)
    {
        var product = await app.CreateProductAsync(price: 10.00m);
        using var client = app.CreateAdminClient();

        using var response = await client.PutAsync(PricePath(product.Id), Json($"{{\"price\":{price}}}"));

        await ProblemAssert.IsValidationProblemAsync(response, "price");
        Assert.Equal(10.00m, (await client.GetFromJsonAsync<ProductDetails>($"/api/catalog/products/{product.Id}"))?.Price);
    }

    [Fact]
    public async Task ChangePrice_MissingPrice_Returns400ValidationProblem()
    {
        var product = await app.CreateProductAsync();
        using var client = app.CreateAdminClient();

        using var response = await client.PutAsync(PricePath(product.Id), Json("{}"));

        await ProblemAssert.IsValidationProblemAsync(response, "price");
    }

    [Theory]
    [InlineData("{\"price\":")]
    [InlineData("not json")]
    [InlineData("{\"price\":\"cheap\"}")]
    [InlineData("[]")]
    public async Task ChangePrice_MalformedJson_Returns400Problem(string body)
    {
        var product = await app.CreateProductAsync();
        using var client = app.CreateAdminClient();

        using var response = await client.PutAsync(PricePath(product.Id), Json(body));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ChangePrice_EmptyBody_Returns400Problem()
    {
        var product = await app.CreateProductAsync();
        using var client = app.CreateAdminClient();

        using var response = await client.PutAsync(PricePath(product.Id), Json(""));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ChangePrice_WithoutToken_Returns401Problem()
    {
        var product = await app.CreateProductAsync();
        using var client = app.CreateClient();

        using var response = await client.PutAsJsonAsync(PricePath(product.Id), new ChangePriceRequest(5m));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ChangePrice_TokenSignedWithAnotherKey_Returns401Problem()
    {
        var product = await app.CreateProductAsync();
        using var client = app.CreateClient(new TestTokens().Admin());

        using var response = await client.PutAsJsonAsync(PricePath(product.Id), new ChangePriceRequest(5m));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ChangePrice_BuyerToken_Returns403ProblemAndKeepsPrice()
    {
        var product = await app.CreateProductAsync(price: 10.00m);
        using var client = app.CreateClient(app.Tokens.Buyer("buyer-1"));

        using var response = await client.PutAsJsonAsync(PricePath(product.Id), new ChangePriceRequest(1m));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(10.00m, (await client.GetFromJsonAsync<ProductDetails>($"/api/catalog/products/{product.Id}"))?.Price);
    }

    [Fact]
    public async Task ChangePrice_UnknownProduct_Returns404Problem()
    {
        using var client = app.CreateAdminClient();

        using var response = await client.PutAsJsonAsync(PricePath(Guid.NewGuid()), new ChangePriceRequest(5m));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ChangePrice_MalformedId_Returns400ValidationProblem()
    {
        using var client = app.CreateAdminClient();

        using var response = await client.PutAsJsonAsync("/api/catalog/products/xyz/price", new ChangePriceRequest(5m));

        await ProblemAssert.IsValidationProblemAsync(response, "id");
    }

    [Fact]
    public async Task ChangePrice_ConcurrentChanges_EndWithOneOfTheRequestedPricesAndNoServerError()
    {
        var product = await app.CreateProductAsync(price: 10.00m);
        var prices = Enumerable.Range(1, 8).Select(n => n + 0.99m).ToList();

        var statuses = await Task.WhenAll(prices.Select(async price =>
        {
            using var client = app.CreateAdminClient();
            using var response = await client.PutAsJsonAsync(PricePath(product.Id), new ChangePriceRequest(price));
            return response.StatusCode;
        }));

        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.Conflict, s.ToString()));
        Assert.Contains(HttpStatusCode.OK, statuses);
        using var reader = app.CreateClient();
        var final = await reader.GetFromJsonAsync<ProductDetails>($"/api/catalog/products/{product.Id}");
        Assert.Contains(final!.Price, prices);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
