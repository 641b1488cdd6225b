using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Shop.LoadTest.Reports;
using Shop.LoadTest.Scenarios;

namespace Shop.LoadTest.Journeys;

/// <summary>
/// Reads what the journeys need from the target before the run (unmeasured): categories, a few pages of products,
/// the hot products by SKU. With an admin key it restocks each hot product to at least the scenario's level, so a
/// run starts from known stock; without one the hot products keep whatever stock they have (seeded furniture has
/// at most 60 units, so stock-outs come quickly either way).
/// </summary>
public sealed class ShopSetup(HttpClient http, ShopRoutes routes, TimeSpan? readinessTimeout = null)
{
    private const int PageSize = 100;
    private static readonly TimeSpan s_readinessPoll = TimeSpan.FromMilliseconds(500);

    public async Task<ShopCatalog> PrepareAsync(CatalogSettings settings, string? adminKey, CancellationToken cancellationToken)
    {
        await WaitUntilReachableAsync(cancellationToken);
        var categories = await GetAsync<List<ShopJson.CategoryAnswer>>(routes.Categories, cancellationToken);
        var products = new List<ShopJson.ProductAnswer>();
        for (var page = 1; page <= settings.ProductPages; page++)
        {
            var answer = await GetAsync<ShopJson.ProductPageAnswer>(routes.ProductPage(page, PageSize), cancellationToken);
            products.AddRange(answer.Items);
            if (answer.Items.Count < PageSize)
            {
                break;
            }
        }

        var hot = new List<CatalogProduct>();
        var hotReports = new List<HotProductReport>();
        var adminToken = adminKey is null ? null : await AdminTokenAsync(adminKey, cancellationToken);
        foreach (var sku in settings.HotProducts.Skus)
        {
            var found = await GetAsync<ShopJson.ProductPageAnswer>(routes.ProductPage(1, 10, search: sku), cancellationToken);
            var product = found.Items.FirstOrDefault(p => string.Equals(p.Sku, sku, StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidOperationException($"Hot product {sku} is not in the target's catalog.");
            var stock = product.Stock;
            if (adminToken is not null && settings.HotProducts.RestockTo is { } level && stock < level)
            {
                stock = await RestockAsync(product.Id, level - stock, adminToken, cancellationToken);
            }
            hot.Add(Product(product with { Stock = stock }));
            hotReports.Add(new HotProductReport(product.Sku, product.Id, product.Stock, stock));
        }

        var hotIds = hot.Select(h => h.Id).ToHashSet();
        var browsable = products.Select(Product).ToList();
        var purchasable = browsable.Where(p => p.Stock >= settings.MinPurchasableStock && !hotIds.Contains(p.Id)).ToList();
        var listPages = new List<Uri>();
        foreach (var category in categories.Select(c => c.Slug).Prepend(null))
        {
            for (var page = 1; page <= settings.ListPages; page++)
            {
                listPages.Add(routes.ProductPage(page, 20, category));
            }
        }
        var searches = settings.SearchTerms.Select(term => routes.ProductPage(1, 20, search: term)).ToList();
        return new ShopCatalog(browsable, purchasable, hot, listPages, searches, hotReports);
    }

    /// <summary>
    /// Waits until every route the journeys use reaches its service: a gateway that has just started may still
    /// answer 502–504 ("no healthy instance") until its health checks have seen the services. Without a token the
    /// cart and order services answer 401, which proves they are reached. Nothing listening at all fails at once.
    /// </summary>
    private async Task WaitUntilReachableAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + (readinessTimeout ?? TimeSpan.FromSeconds(60));
        foreach (var route in new[] { routes.Categories, routes.Cart, routes.Order(Guid.Empty) })
        {
            while (true)
            {
                using var response = await http.GetAsync(route, cancellationToken);
                if ((int)response.StatusCode is not (502 or 503 or 504))
                {
                    break;
                }
                if (DateTime.UtcNow >= deadline)
                {
                    var body = await response.Content.ReadAsStringAsync(cancellationToken);
                    throw new InvalidOperationException(
                        $"GET {route.PathAndQuery} did not reach its service during setup: {(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}");
                }
                await Task.Delay(s_readinessPoll, cancellationToken);
            }
        }
    }

    private CatalogProduct Product(ShopJson.ProductAnswer p) => new(p.Id, p.Sku, p.Stock, routes.Product(p.Id), routes.CartItem(p.Id));

    private async Task<T> GetAsync<T>(Uri uri, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(uri, cancellationToken);
        await EnsureSuccessAsync(response, "GET " + uri.PathAndQuery, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(ShopJson.Options, cancellationToken)
            ?? throw new InvalidDataException($"GET {uri.PathAndQuery} answered null.");
    }

    private async Task<string> AdminTokenAsync(string adminKey, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(routes.Token, new { buyerId = "loadtest-admin", adminKey }, ShopJson.Options, cancellationToken);
        await EnsureSuccessAsync(response, "POST /api/auth/token with the admin key", cancellationToken);
        var token = await response.Content.ReadFromJsonAsync<ShopJson.TokenAnswer>(ShopJson.Options, cancellationToken);
        return token!.AccessToken;
    }

    private async Task<int> RestockAsync(Guid id, int quantity, string adminToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, routes.Restock(id)) { Content = JsonContent.Create(new { quantity }, options: ShopJson.Options) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new InvalidOperationException("The admin key was refused: restocking hot products needs the gateway's admin key (.shop/secrets/admin-key).");
        }
        await EnsureSuccessAsync(response, $"POST /api/catalog/products/{id}/stock", cancellationToken);
        var product = await response.Content.ReadFromJsonAsync<ShopJson.ProductAnswer>(ShopJson.Options, cancellationToken);
        return product!.Stock;
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException($"{what} answered {(int)response.StatusCode} during setup: {body[..Math.Min(body.Length, 300)]}");
        }
    }
}
