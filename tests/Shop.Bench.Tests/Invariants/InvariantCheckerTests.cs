using Shop.Bench.Invariants;
using Shop.Bench.Tests.Infrastructure;
using Shop.LoadTest.Reports;

namespace Shop.Bench.Tests.Invariants;

public sealed class InvariantCheckerTests(MigratedShopDatabase migrated) : IClassFixture<MigratedShopDatabase>
{
    private static readonly TimeSpan s_noWait = TimeSpan.Zero;

    [Fact]
    public async Task CheckAsync_OrdersSettledStockAndReportsAgree_PassesEveryCheck()
    {
        await using var db = await migrated.CopyAsync();
        var checker = new InvariantChecker(db.Databases);
        var baseline = await checker.CaptureBaselineAsync(CancellationToken.None);
        var products = await db.ProductsAsync(2);
        await SellAsync(db, products[0].Id, 2, 10m);
        await SellAsync(db, products[1].Id, 1, 5m);
        await db.InsertOrderAsync("Cancelled", (products[0].Id, 3, 10m));
        await db.ReportAsync("Cancelled", 1, 3, 30m);

        var report = await checker.CheckAsync("scenario", baseline, Run(orderIds: 3), s_noWait, errorQueues: null, CancellationToken.None);

        Assert.All(report.Checks, check => Assert.True(check.Passed, $"{check.Name}: {check.Detail}"));
        Assert.Equal(["orders-final", "no-duplicate-orders", "no-lost-orders", "stock-conserved", "reports-equal-orders", "outboxes-sent"],
            report.Checks.Select(c => c.Name));
        Assert.NotNull(report.SettledAt);
        Assert.Equal(new OrderTotals(3, 2, 1, 0, 25m), report.Orders);
        Assert.Contains("2 products sold 3 units", report.Checks.Single(c => c.Name == "stock-conserved").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_OrderConfirmedWhileSettling_WaitsForItAndPasses()
    {
        await using var db = await migrated.CopyAsync();
        var checker = new InvariantChecker(db.Databases);
        var baseline = await checker.CaptureBaselineAsync(CancellationToken.None);
        var product = (await db.ProductsAsync(1))[0];
        var order = await db.InsertOrderAsync("Pending", (product.Id, 1, 7m));
        await db.ChangeStockAsync(product.Id, -1);
        await db.ReportAsync("Pending", 1, 1, 7m);

        // The order completes after the check has started polling: the check must wait for it, not fail on it.
        var completion = Task.Run(async () =>
        {
            await Task.Delay(InvariantChecker.PollInterval);
            await db.SetOrderStateAsync(order, "Confirmed");
            await db.ReportAsync("Pending", -1, -1, -7m);
            await db.ReportAsync("Confirmed", 1, 1, 7m);
        });
        var report = await checker.CheckAsync("scenario", baseline, run: null, TimeSpan.FromMinutes(1), errorQueues: null, CancellationToken.None);
        await completion;

        Assert.True(report.Passed, string.Join("; ", report.Checks.Where(c => !c.Passed).Select(c => c.Detail)));
        Assert.NotNull(report.SettledAt);
        Assert.Equal(1, report.Orders!.Confirmed);
    }

    [Fact]
    public async Task CheckAsync_PendingOrderAndReportsBehind_FailsBothAndNeverSettles()
    {
        await using var db = await migrated.CopyAsync();
        var checker = new InvariantChecker(db.Databases);
        var baseline = await checker.CaptureBaselineAsync(CancellationToken.None);
        var product = (await db.ProductsAsync(1))[0];
        await db.InsertOrderAsync("Pending", (product.Id, 1, 7m));
        await db.InsertOrderAsync("Confirmed", (product.Id, 1, 7m));
        await db.ChangeStockAsync(product.Id, -1);

        var report = await checker.CheckAsync("scenario", baseline, run: null, s_noWait, errorQueues: null, CancellationToken.None);

        Assert.Null(report.SettledAt);
        Assert.Equal(["orders-final", "reports-equal-orders"], report.Checks.Where(c => !c.Passed).Select(c => c.Name));
        Assert.Contains("1 of 2 orders still pending", report.Checks[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_StockChangedWithoutAnOrder_FailsStockConservedNamingTheProduct()
    {
        await using var db = await migrated.CopyAsync();
        var checker = new InvariantChecker(db.Databases);
        var baseline = await checker.CaptureBaselineAsync(CancellationToken.None);
        var product = (await db.ProductsAsync(1))[0];
        await db.ChangeStockAsync(product.Id, -2);

        var report = await checker.CheckAsync("scenario", baseline, run: null, s_noWait, errorQueues: null, CancellationToken.None);

        var stock = report.Checks.Single(c => c.Name == "stock-conserved");
        Assert.False(stock.Passed);
        Assert.Contains($"{product.Id}: stock {product.Stock} → {product.Stock - 2} but 0 units confirmed", stock.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_GeneratorRestockedBeforeTheRun_CountsTheRestockAsNoSale()
    {
        await using var db = await migrated.CopyAsync();
        var checker = new InvariantChecker(db.Databases);
        var baseline = await checker.CaptureBaselineAsync(CancellationToken.None);
        var product = (await db.ProductsAsync(1))[0];
        await db.ChangeStockAsync(product.Id, 40);
        await SellAsync(db, product.Id, 3, 2m);
        var run = Run(orderIds: 1, hotProducts: [new HotProductReport("X", product.Id, StockBefore: product.Stock, StockAtStart: product.Stock + 40)]);

        var report = await checker.CheckAsync("scenario", baseline, run, s_noWait, errorQueues: null, CancellationToken.None);

        var stock = report.Checks.Single(c => c.Name == "stock-conserved");
        Assert.True(stock.Passed, stock.Detail);
        Assert.Contains("40 units restocked", stock.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_FewerOrdersThanTheGeneratorWasGiven_FailsNoLostOrders()
    {
        await using var db = await migrated.CopyAsync();
        var checker = new InvariantChecker(db.Databases);
        var baseline = await checker.CaptureBaselineAsync(CancellationToken.None);
        var product = (await db.ProductsAsync(1))[0];
        await SellAsync(db, product.Id, 1, 2m);

        var report = await checker.CheckAsync("scenario", baseline, Run(orderIds: 3), s_noWait, errorQueues: null, CancellationToken.None);

        var lost = report.Checks.Single(c => c.Name == "no-lost-orders");
        Assert.False(lost.Passed);
        Assert.Equal("2 of the 3 orders the generator was given are not in the database", lost.Detail);
    }

    [Fact]
    public async Task CheckAsync_UnsentOutboxRowAndParkedMessage_FailsOutboxAndErrorQueueChecks()
    {
        await using var db = await migrated.CopyAsync();
        var checker = new InvariantChecker(db.Databases);
        var baseline = await checker.CaptureBaselineAsync(CancellationToken.None);
        await db.InsertUnsentOutboxMessageAsync();

        var report = await checker.CheckAsync("capacity search", baseline, run: null, s_noWait,
            _ => Task.FromResult<IReadOnlyList<string>>(["catalog-reserve-stock_error (2)"]), CancellationToken.None);

        Assert.Equal(["outboxes-sent", "no-error-queue-messages"], report.Checks.Where(c => !c.Passed).Select(c => c.Name));
        Assert.Equal("messages in catalog-reserve-stock_error (2)", report.Checks[^1].Detail);
        Assert.Null(report.SettledAt);
    }

    // A confirmed order as the shop leaves it: the order row, the stock taken, the reports counting it.
    private static async Task SellAsync(ShopDatabase db, Guid productId, int quantity, decimal unitPrice)
    {
        await db.InsertOrderAsync("Confirmed", (productId, quantity, unitPrice));
        await db.ChangeStockAsync(productId, -quantity);
        await db.ReportAsync("Confirmed", 1, quantity, quantity * unitPrice);
    }

    private static RunReport Run(long orderIds, IReadOnlyList<HotProductReport>? hotProducts = null) =>
        LoadTestReports.Run(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow) with
        {
            Orders = LoadTestReports.Orders with { OrderIds = orderIds, CheckoutsAccepted = orderIds },
            HotProducts = hotProducts ?? [],
        };
}
