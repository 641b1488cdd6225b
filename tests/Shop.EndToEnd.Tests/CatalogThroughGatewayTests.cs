using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Shop.EndToEnd.Tests.Infrastructure;

namespace Shop.EndToEnd.Tests;

public sealed class SingleCatalogDeployment() : ShopDeployment(new DeploymentShape(CatalogReplicas: 1));

/// <summary>The same deployment as monolith processes.</summary>
public sealed class MonolithSingleCatalogDeployment() : ShopDeployment(new DeploymentShape(CatalogReplicas: 1).AsMonolith());

/// <summary>The public API as a client sees it: through the gateway, with tokens the gateway issued.</summary>
public abstract class CatalogThroughGatewayTests(ShopDeployment deployment)
{
    [Fact]
    public async Task Browse_SeededCatalog_ListsPagesCategoriesAndProducts()
    {
        using var client = deployment.CreateGatewayClient();

        var page = await client.GetFromJsonAsync<JsonElement>("api/catalog/products?page=2&pageSize=50");
        Assert.Equal(10_000, page.GetProperty("total").GetInt32());
        Assert.Equal(2, page.GetProperty("page").GetInt32());
        Assert.Equal(50, page.GetProperty("items").GetArrayLength());

        var categories = await client.GetFromJsonAsync<JsonElement>("api/catalog/categories");
        Assert.InRange(categories.GetArrayLength(), 15, 25);

        var slug = categories[0].GetProperty("slug").GetString();
        var inCategory = await client.GetFromJsonAsync<JsonElement>($"api/catalog/products?category={slug}&pageSize=100");
        Assert.All(inCategory.GetProperty("items").EnumerateArray(),
            item => Assert.Equal(slug, item.GetProperty("category").GetString()));

        var first = page.GetProperty("items")[0];
        var product = await client.GetFromJsonAsync<JsonElement>($"api/catalog/products/{first.GetProperty("id").GetGuid()}");
        Assert.Equal(first.GetProperty("sku").GetString(), product.GetProperty("sku").GetString());
    }

    [Fact]
    public async Task ChangePrice_AsAdmin_IsVisibleOnTheNextRead()
    {
        using var client = deployment.CreateGatewayClient();
        var id = await AnyProductIdAsync(client, page: 7);
        await client.GetFromJsonAsync<JsonElement>($"api/catalog/products/{id}");
        client.DefaultRequestHeaders.Authorization = new("Bearer", await deployment.TokenAsync("admin-1", deployment.AdminKey));

        using var change = await client.PutAsJsonAsync($"api/catalog/products/{id}/price", new { price = 123.45m });
        Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        using var restock = await client.PostAsJsonAsync($"api/catalog/products/{id}/stock", new { quantity = 5 });
        Assert.Equal(HttpStatusCode.OK, restock.StatusCode);

        var product = await client.GetFromJsonAsync<JsonElement>($"api/catalog/products/{id}");
        Assert.Equal(123.45m, product.GetProperty("price").GetDecimal());
    }

    [Fact]
    public async Task GetProduct_MalformedId_Returns400Problem()
    {
        using var client = deployment.CreateGatewayClient();
        using var response = await client.GetAsync("api/catalog/products/not-a-guid");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task GetProduct_UnknownId_Returns404Problem()
    {
        using var client = deployment.CreateGatewayClient();
        using var response = await client.GetAsync($"api/catalog/products/{Guid.NewGuid()}");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("pageSize=101")]
    [InlineData("pageSize=0")]
    [InlineData("page=0")]
    [InlineData("page=abc")]
    public async Task ListProducts_BadPaging_Returns400Problem(string query)
    {
        using var client = deployment.CreateGatewayClient();
        using var response = await client.GetAsync($"api/catalog/products?{query}");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public async Task ChangePrice_NotPositive_Returns400Problem(string price)
    {
        using var client = deployment.CreateGatewayClient();
        var id = await AnyProductIdAsync(client, page: 3);
        client.DefaultRequestHeaders.Authorization = new("Bearer", await deployment.TokenAsync("admin-2", deployment.AdminKey));
        using var body = new StringContent($"{{\"price\": {price}}}", Encoding.UTF8, "application/json");
        using var response = await client.PutAsync($"api/catalog/products/{id}/price", body);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ChangePrice_MalformedJson_Returns400Problem()
    {
        using var client = deployment.CreateGatewayClient();
        var id = await AnyProductIdAsync(client, page: 3);
        client.DefaultRequestHeaders.Authorization = new("Bearer", await deployment.TokenAsync("admin-3", deployment.AdminKey));
        using var body = new StringContent("{\"price\": ", Encoding.UTF8, "application/json");
        using var response = await client.PutAsync($"api/catalog/products/{id}/price", body);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ChangePrice_WithoutToken_Returns401Problem()
    {
        using var client = deployment.CreateGatewayClient();
        var id = await AnyProductIdAsync(client, page: 4);
        using var response = await client.PutAsJsonAsync($"api/catalog/products/{id}/price", new { price = 10m });
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Restock_WithBuyerToken_Returns403Problem()
    {
        using var client = deployment.CreateGatewayClient();
        var id = await AnyProductIdAsync(client, page: 4);
        client.DefaultRequestHeaders.Authorization = new("Bearer", await deployment.TokenAsync("buyer-1"));
        using var response = await client.PostAsJsonAsync($"api/catalog/products/{id}/stock", new { quantity = 3 });
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ChangePrice_BodyOverLimit_Returns413Problem()
    {
        using var client = deployment.CreateGatewayClient();
        var id = await AnyProductIdAsync(client, page: 5);
        client.DefaultRequestHeaders.Authorization = new("Bearer", await deployment.TokenAsync("admin-4", deployment.AdminKey));
        var padding = new string('x', 200 * 1024);
        using var body = new StringContent($"{{\"price\": 10, \"note\": \"{padding}\"}}", Encoding.UTF8, "application/json");
        using var response = await client.PutAsync($"api/catalog/products/{id}/price", body);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("api/nothing-here")]
    [InlineData("api/catalog/warehouses")]
    public async Task UnknownRoute_Returns404Problem(string path)
    {
        using var client = deployment.CreateGatewayClient();
        using var response = await client.GetAsync(path);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Responses_CarryCorrelationId()
    {
        using var client = deployment.CreateGatewayClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/catalog/categories");
        request.Headers.Add("X-Correlation-Id", "e2e-correlation-42");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("e2e-correlation-42", response.Headers.GetValues("X-Correlation-Id").Single());
    }

    [Fact]
    public async Task Metrics_AreExportedByGatewayAndCatalog()
    {
        using var client = deployment.CreateGatewayClient();
        await client.GetAsync("api/catalog/categories");
        using var direct = new HttpClient();
        var gatewayMetrics = await direct.GetStringAsync(new Uri(deployment.Gateway.BaseAddress, "metrics"));
        var catalogMetrics = await direct.GetStringAsync(new Uri(deployment.CatalogReplicas[0].BaseAddress, "metrics"));
        Assert.Contains("http_server_request_duration_seconds", gatewayMetrics, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", catalogMetrics, StringComparison.Ordinal);
        Assert.Contains("process_", catalogMetrics, StringComparison.Ordinal);
        // The module label that lets one dashboard read the services and the monolith alike.
        Assert.Contains("shop_module=\"catalog\"", catalogMetrics, StringComparison.Ordinal);
    }

    private static async Task<Guid> AnyProductIdAsync(HttpClient client, int page)
    {
        var result = await client.GetFromJsonAsync<JsonElement>($"api/catalog/products?page={page}&pageSize=1");
        return result.GetProperty("items")[0].GetProperty("id").GetGuid();
    }
}

public sealed class MicroservicesCatalogThroughGatewayTests(SingleCatalogDeployment deployment) : CatalogThroughGatewayTests(deployment), IClassFixture<SingleCatalogDeployment>;

public sealed class MonolithCatalogThroughGatewayTests(MonolithSingleCatalogDeployment deployment) : CatalogThroughGatewayTests(deployment), IClassFixture<MonolithSingleCatalogDeployment>;
