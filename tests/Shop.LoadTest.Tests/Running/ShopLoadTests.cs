using System.Text.Json;
using Shop.LoadTest.Reports;
using Shop.LoadTest.Running;
using Shop.LoadTest.Scenarios;
using Shop.LoadTest.Tests.Fakes;

namespace Shop.LoadTest.Tests.Running;

/// <summary>
/// The whole generator (real scheduler, real HTTP stack, real journeys) against a fake Shop on loopback: what the
/// journeys send, what the report counts, and run.json's shape. Assertions are on counts, never on timings.
/// </summary>
public sealed class ShopLoadTests : IAsyncLifetime
{
    private const string ScenarioJson = """
        {
          "name": "fake-friday",
          "phases": [ { "name": "flat", "seconds": 2, "rate": 25 } ],
          "journeys": [ { "name": "browse", "weight": 1 }, { "name": "add-to-cart", "weight": 1 }, { "name": "checkout", "weight": 2 } ],
          "buyers": 5,
          "catalog": {
            "productPages": 2, "listPages": 3, "searchTerms": [ "REG-0001" ],
            "hotProducts": { "skus": [ "HOT-00001" ], "share": 1.0, "restockTo": 3 }
          },
          "checkout": { "maxLines": 2, "statusPolls": 5, "statusPollIntervalMs": 20 },
          "limits": { "maxConcurrency": 500, "connections": 32, "requestTimeoutSeconds": 10 }
        }
        """;

    private FakeShop _shop = null!;

    public async Task InitializeAsync() => _shop = await FakeShop.StartAsync(hotStock: 2);

    public async Task DisposeAsync() => await _shop.DisposeAsync();

    [Fact]
    public async Task RunScenario_FakeShop_EveryJourneyAndStepRunsWithoutErrors()
    {
        var report = await RunAsync();

        Assert.True(report.Completed);
        Assert.Equal(50, report.Totals.Scheduled);
        Assert.Equal(50, report.Totals.Started);
        Assert.Equal(50, report.Totals.Completed);
        Assert.Equal(0, report.Totals.Errors);
        Assert.Equal(0, report.Totals.Failed);
        Assert.Empty(report.ExceptionSamples);
        string[] steps = [StepNames.AuthToken, StepNames.BrowseList, StepNames.BrowseSearch, StepNames.BrowseProduct, StepNames.CartClear,
            StepNames.CartAdd, StepNames.CartView, StepNames.Checkout, StepNames.OrderStatus];
        Assert.Equal(steps.Order(), report.Steps.Select(s => s.Name).Order());
        Assert.All(report.Steps, s => Assert.True(s.Count > 0 && s.P50Ms > 0 && s.MaxMs >= s.P99Ms, $"{s.Name}: {s.Count} requests, p50 {s.P50Ms}"));
        Assert.Equal(report.Totals.Started, report.Journeys.Sum(j => j.Started));
        Assert.Equal([0.25, 0.25, 0.5], report.Journeys.Select(j => j.Weight));
    }

    [Fact]
    public async Task RunScenario_HotProductSellsOut_OrdersConfirmedUpToTheStockAndTheRestAreStockOuts()
    {
        var report = await RunAsync();

        // Restocked from 2 to 3 with the admin key; every checkout wants one hot unit first.
        Assert.Equal([new HotProductReport(FakeShop.HotSku, _shop.HotProductId, 2, 3)], report.HotProducts);
        var orders = report.Orders;
        Assert.True(orders.CheckoutsAccepted > 3, $"{orders.CheckoutsAccepted} checkouts");
        Assert.Equal(orders.CheckoutsAccepted, orders.OrderIds);
        Assert.Equal(3, orders.Confirmed);
        Assert.Equal(orders.CheckoutsAccepted - 3, orders.Cancelled);
        Assert.Equal(orders.Cancelled, orders.StockOuts);
        Assert.Equal(0, orders.Pending);
        Assert.Equal(orders.Cancelled, orders.CancelledByReason["out-of-stock"]);
    }

    [Fact]
    public async Task RunScenario_Requests_CheckoutsCarryAnIdempotencyKeyAndBuyerCallsATokenEach()
    {
        var report = await RunAsync();

        Assert.Empty(_shop.CheckoutsWithoutKey);
        // Only setup's two readiness probes go without a token (a 401 proves the route reaches its service).
        Assert.Equal(["GET /api/cart", $"GET /api/orders/{Guid.Empty}"], _shop.UnauthorizedRequests.Order(StringComparer.Ordinal));
        // Tokens are cached per buyer: at most one sign-in per buyer of the pool (it grows only when all are busy).
        Assert.Equal(report.Generator.Buyers, report.Step(StepNames.AuthToken)!.Count);
    }

    [Fact]
    public async Task RunScenario_WrittenAsRunJson_HasTheContractsShape()
    {
        var report = await RunAsync();
        var path = Path.Combine(Path.GetTempPath(), $"run-{Guid.NewGuid():N}.json");
        try
        {
            await ReportFile.WriteAsync(report, path);
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(path));
            var root = json.RootElement;

            Assert.Equal("run", root.GetProperty("kind").GetString());
            Assert.Equal("fake-friday", root.GetProperty("scenario").GetString());
            Assert.EndsWith("Z", root.GetProperty("startedAt").GetString(), StringComparison.Ordinal);
            AssertHas(root, "target", "scale", "endedAt", "durationSeconds");
            AssertHas(root.GetProperty("phases")[0], "name", "startSecond", "endSecond", "fromRate", "toRate");
            var second = root.GetProperty("timeline")[0];
            AssertHas(second, "second", "phase", "targetRate", "started", "completed", "errors", "p50Ms", "p99Ms", "steps");
            AssertHas(second.GetProperty("steps").EnumerateObject().First().Value, "count", "errors", "p50Ms", "p99Ms");
            AssertHas(root.GetProperty("steps")[0], "name", "count", "errors", "statusCodes", "p50Ms", "p90Ms", "p99Ms", "p999Ms", "maxMs", "meanMs");
            AssertHas(root.GetProperty("journeys")[0], "name", "weight", "started", "completed", "failed");
            AssertHas(root.GetProperty("totals"), "scheduled", "started", "completed", "errors", "lateStarts", "dropped", "targetRate", "achievedRate");
            AssertHas(root.GetProperty("orders"), "checkoutsAccepted", "confirmed", "cancelled", "stockOuts", "orderIds");
            AssertHas(root.GetProperty("validity"), "achievedToTargetRatio", "lateStarts", "lateStartRatio", "dropped", "generatorCpuSeconds", "generatorCpuPercent", "valid", "problems");
            var checkout = root.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "checkout");
            Assert.True(checkout.GetProperty("statusCodes").GetProperty("202").GetInt64() > 0);
            Assert.Equal(report.Timeline.Count, root.GetProperty("timeline").GetArrayLength());
            Assert.Equal(report.Totals.Started, await ReadStartedAsync(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Prepare_WrongAdminKey_RefusedWithAClearMessage()
    {
        var settings = new RunSettings { Target = _shop.BaseAddress, AdminKey = "wrong" };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ShopLoad.PrepareAsync(ScenarioFile.Parse(ScenarioJson), settings, CancellationToken.None));

        Assert.Contains("admin key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prepare_TargetAnswers503AtFirst_WaitsUntilItIsReachable()
    {
        await using var starting = await FakeShop.StartAsync(unavailable: 3);
        var settings = new RunSettings { Target = starting.BaseAddress };

        using var load = await ShopLoad.PrepareAsync(ScenarioFile.Parse(ScenarioJson), settings, CancellationToken.None);

        Assert.Equal(FakeShop.HotSku, Assert.Single(load.HotProducts).Sku);
    }

    [Fact]
    public async Task Prepare_TargetNeverReachable_FailsAfterTheReadinessTimeout()
    {
        await using var down = await FakeShop.StartAsync(unavailable: int.MaxValue);
        var settings = new RunSettings { Target = down.BaseAddress, ReadinessTimeout = TimeSpan.Zero };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ShopLoad.PrepareAsync(ScenarioFile.Parse(ScenarioJson), settings, CancellationToken.None));

        Assert.Contains("did not reach its service", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MaxRate_PlainEndpoint_ReportsAnAnsweredRate()
    {
        var options = new MaxRateOptions(new Uri(_shop.BaseAddress, "plain"), Seconds: 1, StartRate: 100, StepSeconds: 0.5, Connections: 8, MaxRate: 200);

        var report = await MaxRateSearch.RunAsync(options, null, null, null, CancellationToken.None);

        Assert.Equal("max-rate", report.Kind);
        Assert.NotEmpty(report.Search);
        Assert.True(report.RequestsPerSecond > 0);
        Assert.Equal(0, report.Errors);
    }

    private async Task<RunReport> RunAsync()
    {
        var settings = new RunSettings { Target = _shop.BaseAddress, AdminKey = FakeShop.AdminKey, Seed = 7 };
        return await ShopLoad.RunScenarioAsync(ScenarioFile.Parse(ScenarioJson), settings, CancellationToken.None);
    }

    private static async Task<long> ReadStartedAsync(string path) => (await ReportFile.ReadAsync<RunReport>(path)).Totals.Started;

    private static void AssertHas(JsonElement element, params string[] properties)
    {
        foreach (var property in properties)
        {
            Assert.True(element.TryGetProperty(property, out _), $"missing '{property}' in {element}");
        }
    }
}
