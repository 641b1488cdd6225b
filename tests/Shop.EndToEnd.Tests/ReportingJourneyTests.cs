using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Shop.EndToEnd.Tests.Infrastructure;

namespace Shop.EndToEnd.Tests;

public sealed class WholeShopDeployment() : ShopDeployment(new DeploymentShape(
    CatalogReplicas: 1, CartReplicas: 1, OrderReplicas: 1, ReportingReplicas: 1, PaymentFailureRate: 0.1, PaymentLatency: "00:00:00.020"));

/// <summary>The same deployment as monolith processes.</summary>
public sealed class MonolithWholeShopDeployment() : ShopDeployment(new DeploymentShape(
    CatalogReplicas: 1, CartReplicas: 1, OrderReplicas: 1, ReportingReplicas: 1, PaymentFailureRate: 0.1, PaymentLatency: "00:00:00.020").AsMonolith());

/// <summary>
/// The whole journey, buyer to admin report, and the reporting invariant: once the queues drain, the reports equal
/// the order database to the cent, whatever happened on the way (bursts, redeliveries, a killed reporting service).
/// </summary>
public abstract class ReportingJourneyTests(ShopDeployment deployment)
{
    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Journey_BrowseAddThreeAndCheckOut_AdminSeesTheOrderInEveryReport()
    {
        using var admin = await AdminAsync();
        var before = await SummaryAsync(admin);
        using var buyer = await Shopper.SignInAsync(deployment, "journey-" + Guid.NewGuid().ToString("N")[..8]);

        var page = await buyer.Client.GetFromJsonAsync<JsonElement>("api/catalog/products?page=3&pageSize=20");
        var found = await buyer.Client.GetFromJsonAsync<JsonElement>("api/catalog/products?q=backpack&pageSize=5");
        Assert.True(found.GetProperty("total").GetInt32() > 0);
        var picks = page.GetProperty("items").EnumerateArray().Take(3).Select(p => p.GetProperty("id").GetGuid()).ToList();
        foreach (var (id, quantity) in picks.Zip([1, 2, 3]))
        {
            await buyer.Client.GetFromJsonAsync<JsonElement>($"api/catalog/products/{id}");
            await buyer.SetQuantityAsync(id, quantity);
        }
        var orderId = await buyer.CheckoutUntilAcceptedAsync(Guid.NewGuid().ToString(), s_settle);
        var order = await WaitForOutcomeAsync(buyer, orderId, "Confirmed");
        var total = order.GetProperty("total").GetDecimal();

        await Eventually.HoldsAsync(async () =>
        {
            var now = await SummaryAsync(admin);
            return now.GetProperty("ordersConfirmed").GetInt64() == before.GetProperty("ordersConfirmed").GetInt64() + 1
                && now.GetProperty("revenue").GetDecimal() == before.GetProperty("revenue").GetDecimal() + total
                && now.GetProperty("itemsSold").GetInt64() == before.GetProperty("itemsSold").GetInt64() + 6;
        }, "the summary shows the confirmed order", s_settle);

        var from = DateTimeOffset.UtcNow.AddMinutes(-30).ToString("O");
        var sales = await admin.GetFromJsonAsync<JsonElement>($"api/reports/sales?from={Uri.EscapeDataString(from)}&bucket=minute");
        Assert.True(sales.EnumerateArray().Sum(b => b.GetProperty("revenue").GetDecimal()) >= total);
        var top = await admin.GetFromJsonAsync<JsonElement>("api/reports/top-products?limit=1000");
        var topIds = top.EnumerateArray().Select(p => p.GetProperty("productId").GetGuid()).ToHashSet();
        Assert.All(picks, id => Assert.Contains(id, topIds));
        var funnel = await admin.GetFromJsonAsync<JsonElement>("api/reports/funnel");
        Assert.True(funnel.GetProperty("confirmed").GetInt64() >= 1);
    }

    [Fact]
    public async Task Journey_OutOfStockCheckout_IsReportedAsCancelled()
    {
        using var admin = await AdminAsync();
        var before = await SummaryAsync(admin);
        var product = await CatalogDatabase.ProductAtAsync(deployment, 4321);
        await CatalogDatabase.SetStockAsync(deployment, product, 0);
        using var buyer = await Shopper.SignInAsync(deployment, "soldout-" + Guid.NewGuid().ToString("N")[..8]);
        await buyer.SetQuantityAsync(product, 1);

        var orderId = await buyer.CheckoutUntilAcceptedAsync(Guid.NewGuid().ToString(), s_settle);
        var order = await buyer.WaitForFinalStatusAsync(orderId, s_settle);
        Assert.Equal("Cancelled", order.GetProperty("status").GetString());
        Assert.Equal("out-of-stock", order.GetProperty("reason").GetString());

        await Eventually.HoldsAsync(async () =>
        {
            var now = await SummaryAsync(admin);
            return now.GetProperty("ordersCancelled").GetInt64() > before.GetProperty("ordersCancelled").GetInt64();
        }, "the summary shows the cancelled order", s_settle);
    }

    [Fact]
    public async Task Burst_ThousandMixedCheckoutsWithReportingKilledMidway_ReportsEqualOrdersToTheCent()
    {
        // A few hot products with little stock (stock-outs), the rest plentiful; 10 % of payments fail.
        var hot = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            hot.Add(await CatalogDatabase.ProductAtAsync(deployment, 5000 + i));
            await CatalogDatabase.SetStockAsync(deployment, hot[i], 20);
        }
        var plenty = new List<Guid>();
        for (var i = 0; i < 40; i++)
        {
            plenty.Add(await CatalogDatabase.ProductAtAsync(deployment, 6000 + i));
            await CatalogDatabase.SetStockAsync(deployment, plenty[i], 10_000);
        }
        var initial = new Dictionary<Guid, int>();
        foreach (var id in hot.Concat(plenty))
        {
            initial[id] = await CatalogDatabase.StockAsync(deployment, id);
        }
        var unitsBefore = await OrderDatabase.ConfirmedUnitsAsync(deployment);

        const int checkouts = 1000;
        const int buyers = 100;
        var accepted = 0;
        var burst = Task.WhenAll(Enumerable.Range(0, buyers).Select(async b =>
        {
            using var buyer = await Shopper.SignInAsync(deployment, $"burst-{b}-{Guid.NewGuid():N}"[..20]);
            for (var n = b; n < checkouts; n += buyers)
            {
                await buyer.SetQuantityAsync(n % 3 == 0 ? hot[n % hot.Count] : plenty[n % plenty.Count], 1 + (n % 2));
                var orderId = await buyer.CheckoutUntilAcceptedAsync(Guid.NewGuid().ToString(), s_settle);
                Interlocked.Increment(ref accepted);
                // Confirmation takes the ordered units out of the cart asynchronously: wait until it has, or a late one
                // would take them out of the next round's line for the same product.
                var order = await buyer.WaitForFinalStatusAsync(orderId, s_settle);
                if (order.GetProperty("status").GetString() == "Confirmed")
                {
                    await Eventually.HoldsAsync(async () => await buyer.CartItemCountAsync() == 0, "the confirmed order left the cart", s_settle);
                }
            }
        }));

        await Eventually.HoldsAsync(() => burst.IsCompleted || Volatile.Read(ref accepted) >= checkouts / 3,
            "a third of the burst's checkouts are accepted", s_settle);
        if (burst.IsFaulted)
        {
            await burst;
        }
        await deployment.KillAsync("reporting-1");
        await Task.Delay(TimeSpan.FromSeconds(1));
        await deployment.RestartAsync("reporting-1");
        await burst;

        await Eventually.HoldsAsync(async () => (await OrderDatabase.TotalsAsync(deployment)).Pending == 0, "no order is pending", s_settle);
        using var admin = await AdminAsync();
        var truth = await OrderDatabase.TotalsAsync(deployment);
        await Eventually.HoldsAsync(async () =>
        {
            var summary = await SummaryAsync(admin);
            return summary.GetProperty("ordersConfirmed").GetInt64() == truth.Confirmed
                && summary.GetProperty("ordersCancelled").GetInt64() == truth.Cancelled
                && summary.GetProperty("revenue").GetDecimal() == truth.Revenue;
        }, $"the reports match the order database ({truth.Confirmed} confirmed, {truth.Cancelled} cancelled, {truth.Revenue} revenue)", s_settle);
        Assert.True(truth.Cancelled > 0, "the burst produced no cancellation");

        var unitsAfter = await OrderDatabase.ConfirmedUnitsAsync(deployment);
        foreach (var (id, stock) in initial)
        {
            var sold = unitsAfter.GetValueOrDefault(id) - unitsBefore.GetValueOrDefault(id);
            Assert.Equal(stock, sold + await CatalogDatabase.StockAsync(deployment, id));
        }
        var failed = await deployment.FailedMessagesAsync();
        Assert.True(failed.Values.All(count => count == 0), "failed messages: " + string.Join(", ", failed.Where(e => e.Value > 0)));
    }

    [Fact]
    public async Task Redelivery_SameOrderConfirmedTwice_ChangesTheReportsOnce()
    {
        using var admin = await AdminAsync();
        using var buyer = await Shopper.SignInAsync(deployment, "again-" + Guid.NewGuid().ToString("N")[..8]);
        await buyer.SetQuantityAsync(await CatalogDatabase.ProductAtAsync(deployment, 777), 2);
        var submitted = await buyer.CheckoutUntilAcceptedAsync(Guid.NewGuid().ToString(), s_settle);
        // A declined payment makes WaitForOutcomeAsync check out again, so the confirmed order may not be the first one.
        var confirmed = await WaitForOutcomeAsync(buyer, submitted, "Confirmed");
        await WaitUntilReportsEqualOrdersAsync(admin);
        var before = await SummaryAsync(admin);

        var (messageId, body) = await OrderDatabase.ConfirmationMessageAsync(deployment, confirmed.GetProperty("id").GetGuid());
        await DeliverTwiceMoreAsync(messageId, body);

        var after = await SummaryAsync(admin);
        Assert.Equal(before.GetProperty("ordersConfirmed").GetInt64(), after.GetProperty("ordersConfirmed").GetInt64());
        Assert.Equal(before.GetProperty("revenue").GetDecimal(), after.GetProperty("revenue").GetDecimal());
        Assert.Equal(before.GetProperty("itemsSold").GetInt64(), after.GetProperty("itemsSold").GetInt64());
    }

    [Fact]
    public async Task Rebuild_FromTheOrderDatabase_ReproducesTheReports()
    {
        using var admin = await AdminAsync();
        using var buyer = await Shopper.SignInAsync(deployment, "rebuild-" + Guid.NewGuid().ToString("N")[..8]);
        await buyer.SetQuantityAsync(await CatalogDatabase.ProductAtAsync(deployment, 888), 1);
        var orderId = await buyer.CheckoutUntilAcceptedAsync(Guid.NewGuid().ToString(), s_settle);
        await buyer.WaitForFinalStatusAsync(orderId, s_settle);
        await WaitUntilReportsEqualOrdersAsync(admin);
        var before = await SummaryAsync(admin);

        await deployment.RunCommandAsync("reporting-1", "rebuild");

        var after = await SummaryAsync(admin);
        Assert.Equal(before.GetProperty("ordersConfirmed").GetInt64(), after.GetProperty("ordersConfirmed").GetInt64());
        Assert.Equal(before.GetProperty("ordersCancelled").GetInt64(), after.GetProperty("ordersCancelled").GetInt64());
        Assert.Equal(before.GetProperty("revenue").GetDecimal(), after.GetProperty("revenue").GetDecimal());
    }

    [Theory]
    [InlineData("api/reports/sales?from=2026-11-26T10:00:00Z&to=2026-11-26T09:00:00Z", HttpStatusCode.BadRequest)]
    [InlineData("api/reports/sales?bucket=week", HttpStatusCode.BadRequest)]
    [InlineData("api/reports/top-products?limit=0", HttpStatusCode.BadRequest)]
    [InlineData("api/reports/top-products?limit=1001", HttpStatusCode.BadRequest)]
    public async Task Reports_BadInput_Returns400Problem(string path, HttpStatusCode expected)
    {
        using var admin = await AdminAsync();
        using var response = await admin.GetAsync(path);
        await ProblemAssert.IsProblemAsync(response, expected);
    }

    [Theory]
    [InlineData("api/reports/summary")]
    [InlineData("api/reports/funnel")]
    public async Task Reports_WithBuyerToken_Returns403Problem(string path)
    {
        using var buyer = await Shopper.SignInAsync(deployment, "nosy-" + Guid.NewGuid().ToString("N")[..8]);
        using var response = await buyer.Client.GetAsync(path);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
    }

    private async Task<HttpClient> AdminAsync()
    {
        var client = deployment.CreateGatewayClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await deployment.TokenAsync("admin", deployment.AdminKey));
        return client;
    }

    private static async Task<JsonElement> SummaryAsync(HttpClient admin) =>
        await admin.GetFromJsonAsync<JsonElement>("api/reports/summary");

    private async Task WaitUntilReportsEqualOrdersAsync(HttpClient admin)
    {
        await Eventually.HoldsAsync(async () =>
        {
            var truth = await OrderDatabase.TotalsAsync(deployment);
            var summary = await SummaryAsync(admin);
            return truth.Pending == 0
                && summary.GetProperty("ordersConfirmed").GetInt64() == truth.Confirmed
                && summary.GetProperty("ordersCancelled").GetInt64() == truth.Cancelled
                && summary.GetProperty("revenue").GetDecimal() == truth.Revenue;
        }, "the reports catch up with the order database", s_settle);
    }

    /// <summary>
    /// Delivers an already processed message twice more with its original MessageId: through the broker as a copy, or in
    /// the monolith by making the relay dispatch its outbox row again, as after a crash before the sent mark committed.
    /// </summary>
    private async Task DeliverTwiceMoreAsync(Guid messageId, string body)
    {
        if (deployment.Shape.Monolith)
        {
            for (var copy = 0; copy < 2; copy++)
            {
                await OrderDatabase.MarkUnsentAsync(deployment, messageId);
                await Eventually.HoldsAsync(async () => await OrderDatabase.IsSentAsync(deployment, messageId), "the row is dispatched again", s_settle);
            }
        }
        else
        {
            for (var copy = 0; copy < 2; copy++)
            {
                await deployment.Broker.PublishEnvelopeAsync(
                    "urn:message:Shop.Order.Contracts.Messages:OrderConfirmed", "Shop.Order.Contracts.Messages:OrderConfirmed", messageId, body);
            }
            await Eventually.HoldsAsync(async () => (await deployment.Broker.QueueDepthsAsync("order-confirmed")).Values.All(d => d == 0),
                "the copies are consumed", s_settle);
        }
        await Task.Delay(TimeSpan.FromSeconds(1));
    }

    /// <summary>Waits for the order's outcome; payments fail at random here, so a declined one is tried again.</summary>
    private static async Task<JsonElement> WaitForOutcomeAsync(Shopper buyer, Guid orderId, string expected)
    {
        var order = await buyer.WaitForFinalStatusAsync(orderId, s_settle);
        Assert.True(order.GetProperty("status").GetString() == expected
            || order.GetProperty("reason").GetString() == "payment-declined",
            $"order {orderId} ended {order}");
        return order.GetProperty("status").GetString() == expected ? order : await RetryDeclinedAsync(buyer, expected);
    }

    private static async Task<JsonElement> RetryDeclinedAsync(Shopper buyer, string expected)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var id = await buyer.CheckoutUntilAcceptedAsync(Guid.NewGuid().ToString(), s_settle);
            var order = await buyer.WaitForFinalStatusAsync(id, s_settle);
            if (order.GetProperty("status").GetString() == expected)
            {
                return order;
            }
        }
        throw new InvalidOperationException("every payment was declined");
    }
}

public sealed class MicroservicesReportingJourneyTests(WholeShopDeployment deployment) : ReportingJourneyTests(deployment), IClassFixture<WholeShopDeployment>;

public sealed class MonolithReportingJourneyTests(MonolithWholeShopDeployment deployment) : ReportingJourneyTests(deployment), IClassFixture<MonolithWholeShopDeployment>;
