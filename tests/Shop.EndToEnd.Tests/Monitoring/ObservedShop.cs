using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Shop.EndToEnd.Tests.Infrastructure;

namespace Shop.EndToEnd.Tests.Monitoring;

/// <summary>
/// A deployment watched by a Prometheus of its own that scrapes every process (as ./shop labels them) and, for the
/// services, the test broker's RabbitMQ plugin, and evaluates helm/shop/alerts/rules.yaml; once everything is scraped, a few buyers
/// browse, fill carts and check out (one of them a product out of stock), and an administrator reads a report, so
/// every module has served requests and sent messages.
/// </summary>
public sealed class ObservedShop<TDeployment> : IAsyncLifetime
    where TDeployment : ShopDeployment, new()
{
    private static readonly string[] s_modules = ["catalog", "cart", "order", "reporting"];
    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(90);
    private PrometheusServer? _prometheus;

    public TDeployment Deployment { get; } = new();

    public PrometheusServer Prometheus => _prometheus ?? throw new InvalidOperationException("Prometheus has not started.");

    /// <summary>The Shop processes Prometheus scrapes: each module's replicas (or the monolith's) and the gateway.</summary>
    public IReadOnlyList<ScrapeTarget> Targets =>
        s_modules.SelectMany(Deployment.Replicas).Append(Deployment.Gateway)
            .DistinctBy(process => process.Name)
            .Select(process => new ScrapeTarget(process.Port, ServiceOf(process.Name), process.Name))
            .ToList();

    /// <summary>The test broker's prometheus plugin, <c>SHOP_TEST_RABBITMQ_METRICS</c> (host:port).</summary>
    private static string RabbitMqMetrics =>
        Environment.GetEnvironmentVariable("SHOP_TEST_RABBITMQ_METRICS") is { Length: > 0 } address ? address : "127.0.0.1:15692";

    public async Task InitializeAsync()
    {
        try
        {
            await Deployment.InitializeAsync();
            // The monolith has no broker, so RabbitMQ's metrics are no part of its picture.
            var rabbitMq = Deployment.Shape.Monolith ? null : RabbitMqMetrics;
            var rules = Path.Combine(RepositoryLayout.Root, "helm", "shop", "alerts", "rules.yaml");
            _prometheus = await PrometheusServer.StartAsync(Targets, rabbitMq, rules);
            await Prometheus.WaitUntilScrapedAsync(Targets.Count + (rabbitMq is null ? 0 : 1), TimeSpan.FromSeconds(60));
            await ShopAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (_prometheus is not null)
        {
            await _prometheus.DisposeAsync();
            _prometheus = null;
        }
        await Deployment.DisposeAsync();
    }

    /// <summary>"catalog-2" → "catalog", "gateway" → "gateway": the <c>service</c> label of ./shop's scrape targets.</summary>
    private static string ServiceOf(string process)
    {
        var dash = process.LastIndexOf('-');
        return dash > 0 && int.TryParse(process.AsSpan(dash + 1), out _) ? process[..dash] : process;
    }

    private async Task ShopAsync()
    {
        var soldOut = await CatalogDatabase.ProductAtAsync(Deployment, 7001);
        await CatalogDatabase.SetStockAsync(Deployment, soldOut, 0);
        for (var i = 0; i < 3; i++)
        {
            using var buyer = await Shopper.SignInAsync(Deployment, $"observed-{i}-{Guid.NewGuid():N}"[..24]);
            var page = await BrowseAsync(buyer.Client, $"api/catalog/products?page={i + 1}&pageSize=5");
            var product = page.GetProperty("items")[0].GetProperty("id").GetGuid();
            // Twice: the first read fills the catalog's cache, the second is served from it.
            await BrowseAsync(buyer.Client, $"api/catalog/products/{product}");
            await BrowseAsync(buyer.Client, $"api/catalog/products/{product}");
            await buyer.SetQuantityAsync(product, i + 1);
            await BrowseAsync(buyer.Client, "api/cart");
            var order = await buyer.CheckoutUntilAcceptedAsync(Guid.NewGuid().ToString(), s_settle);
            await buyer.WaitForFinalStatusAsync(order, s_settle);
            // rate() sees only what grows between two scrapes: a series that appears already holding every order (the
            // monolith confirms three in well under a scrape interval) would chart nothing.
            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        using (var unlucky = await Shopper.SignInAsync(Deployment, $"observed-soldout-{Guid.NewGuid():N}"[..24]))
        {
            await unlucky.SetQuantityAsync(soldOut, 1);
            var order = await unlucky.CheckoutUntilAcceptedAsync(Guid.NewGuid().ToString(), s_settle);
            await unlucky.WaitForFinalStatusAsync(order, s_settle);
        }

        using var admin = Deployment.CreateGatewayClient();
        var token = await Deployment.TokenAsync("observer", Deployment.AdminKey);
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await BrowseAsync(admin, "api/reports/summary");
    }

    /// <summary>
    /// A GET as a browser makes it: a 5xx or a dropped connection is tried again for a while (the panels count those
    /// failures too); anything else must succeed.
    /// </summary>
    private static async Task<JsonElement> BrowseAsync(HttpClient client, string path)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            string failure;
            try
            {
                using var response = await client.GetAsync(path);
                if (response.IsSuccessStatusCode)
                {
                    return await response.Content.ReadFromJsonAsync<JsonElement>();
                }
                failure = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                if ((int)response.StatusCode < 500)
                {
                    throw new InvalidOperationException($"GET {path}: {failure}");
                }
            }
            catch (HttpRequestException ex)
            {
                failure = ex.Message;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"GET {path} kept failing: {failure}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }
}
