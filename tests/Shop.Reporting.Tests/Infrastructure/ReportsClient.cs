using System.Globalization;
using System.Net.Http.Json;
using Shop.Reporting.Contracts;

namespace Shop.Reporting.Tests.Infrastructure;

/// <summary>The admin report API, read the way a dashboard reads it.</summary>
internal sealed class ReportsClient(HttpClient client)
{
    public async Task<SalesSummary> SummaryAsync() =>
        (await client.GetFromJsonAsync<SalesSummary>("/api/reports/summary"))!;

    public async Task<IReadOnlyList<SalesBucket>> SalesAsync(DateTimeOffset from, DateTimeOffset to, string bucket) =>
        (await client.GetFromJsonAsync<List<SalesBucket>>(SalesPath(from, to, bucket)))!;

    public async Task<IReadOnlyList<ProductSales>> TopProductsAsync(int limit = 1000) =>
        (await client.GetFromJsonAsync<List<ProductSales>>($"/api/reports/top-products?limit={limit}"))!;

    public async Task<SalesFunnel> FunnelAsync() =>
        (await client.GetFromJsonAsync<SalesFunnel>("/api/reports/funnel"))!;

    /// <summary>The product's line in the report, or null when it has no sales.</summary>
    public async Task<ProductSales?> ProductAsync(Guid productId) =>
        (await TopProductsAsync()).SingleOrDefault(p => p.ProductId == productId);

    public static string SalesPath(DateTimeOffset from, DateTimeOffset to, string bucket) =>
        $"/api/reports/sales?from={Time(from)}&to={Time(to)}&bucket={bucket}";

    public static string Time(DateTimeOffset time) =>
        Uri.EscapeDataString(time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
}
