using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Shop.Order.Contracts;
using Shop.Order.Contracts.Messages;
using Shop.Reporting.Contracts;
using Shop.Reporting.Tests.Infrastructure;

namespace Shop.Reporting.Tests.Features.OrderEvents;

/// <summary>Order events published over the real bus, read back through the report API.</summary>
public sealed class OrderEventsTests(ReportingAppFixture app) : IClassFixture<ReportingAppFixture>
{
    private MetricCollector<long> Consumed() =>
        new(app.Services.GetRequiredService<IMeterFactory>(), "Shop.Reporting", "shop.reporting.events.consumed");

    private static long CountOf(MetricCollector<long> collector, string type, string outcome) =>
        collector.GetMeasurementSnapshot()
            .Where(m => Equals(m.Tags["type"], type) && Equals(m.Tags["outcome"], outcome))
            .Sum(m => m.Value);

    private static void AssertSummaryGrew(
        SalesSummary before, SalesSummary after,
        long submitted, long pending, long confirmed, long cancelled, decimal revenue, long items)
    {
        Assert.Equal(before.OrdersSubmitted + submitted, after.OrdersSubmitted);
        Assert.Equal(before.OrdersPending + pending, after.OrdersPending);
        Assert.Equal(before.OrdersConfirmed + confirmed, after.OrdersConfirmed);
        Assert.Equal(before.OrdersCancelled + cancelled, after.OrdersCancelled);
        Assert.Equal(before.Revenue + revenue, after.Revenue);
        Assert.Equal(before.ItemsSold + items, after.ItemsSold);
    }

    [Fact]
    public async Task OrderEvents_SubmittedConfirmedAndCancelled_ReportFiguresToTheCent()
    {
        var hour = TestOrders.UniqueHour();
        var (lamp, desk) = (Guid.NewGuid(), Guid.NewGuid());
        var first = TestOrders.Create(hour.AddMinutes(1), TestOrders.Line(19.99m, 3, lamp, "Lamp"), TestOrders.Line(5.05m, 1, desk, "Desk"));
        var second = TestOrders.Create(hour.AddMinutes(2), TestOrders.Line(19.99m, 1, lamp, "Lamp"));
        var cancelled = TestOrders.Create(hour.AddMinutes(3), TestOrders.Line(5.05m, 2, desk, "Desk"));
        var pending = TestOrders.Create(hour.AddMinutes(4), TestOrders.Line(0.01m, 7));
        var reports = app.Reports();
        var summaryBefore = await reports.SummaryAsync();
        var funnelBefore = await reports.FunnelAsync();

        foreach (var order in new[] { first, second, cancelled, pending })
        {
            await app.Publisher.PublishAsync(order.Submitted());
        }
        await app.Publisher.PublishAsync(first.Confirmed(hour.AddMinutes(5).AddSeconds(10)));
        await app.Publisher.PublishAsync(second.Confirmed(hour.AddMinutes(5).AddSeconds(50)));
        await app.Publisher.PublishAsync(cancelled.Cancelled(CancelReasons.OutOfStock));
        await app.WaitForOrderAsync(first.OrderId, OrderStatuses.Confirmed);
        await app.WaitForOrderAsync(second.OrderId, OrderStatuses.Confirmed);
        await app.WaitForOrderAsync(cancelled.OrderId, OrderStatuses.Cancelled);
        await app.WaitForOrderAsync(pending.OrderId, OrderStatuses.Pending);

        var summary = await reports.SummaryAsync();
        AssertSummaryGrew(summaryBefore, summary, submitted: 4, pending: 1, confirmed: 2, cancelled: 1, revenue: 85.01m, items: 5);
        Assert.Equal(summaryBefore.CancelledByReason.GetValueOrDefault(CancelReasons.OutOfStock) + 1, summary.CancelledByReason[CancelReasons.OutOfStock]);

        var expectedBucket = new SalesBucket(hour.AddMinutes(5), 2, 5, 85.01m);
        Assert.Equal([expectedBucket], await reports.SalesAsync(hour, hour.AddHours(1), "minute"));
        Assert.Equal([expectedBucket with { BucketStart = hour }], await reports.SalesAsync(hour, hour.AddHours(1), "hour"));

        Assert.Equal(new ProductSales(lamp, "Lamp", 4, 79.96m), await reports.ProductAsync(lamp));
        Assert.Equal(new ProductSales(desk, "Desk", 1, 5.05m), await reports.ProductAsync(desk));

        var funnel = await reports.FunnelAsync();
        Assert.Equal(funnelBefore.CartsWithItems + 4, funnel.CartsWithItems);
        Assert.Equal(funnelBefore.Checkouts + 4, funnel.Checkouts);
        Assert.Equal(funnelBefore.Confirmed + 2, funnel.Confirmed);
    }

    [Fact]
    public async Task OrderConfirmed_SameMessageIdDeliveredTwice_IsCountedOnce()
    {
        var hour = TestOrders.UniqueHour();
        var order = TestOrders.Create(hour, TestOrders.Line(12.34m, 2));
        using var duplicates = new MetricCollector<long>(
            app.Services.GetRequiredService<IMeterFactory>(), "Shop.Messaging", "shop.messaging.inbox.duplicates");
        var reports = app.Reports();
        var before = await reports.SummaryAsync();
        var messageId = Guid.NewGuid();

        await app.Publisher.PublishAsync(order.Submitted());
        await app.Publisher.PublishAsync(order.Confirmed(), messageId);
        await app.Publisher.PublishAsync(order.Confirmed(), messageId);

        await Eventually.HoldsAsync(
            () => duplicates.GetMeasurementSnapshot().Any(m => Equals(m.Tags["consumer"], "reporting-order-confirmed")),
            "the inbox drops the second copy");
        await app.WaitForOrderAsync(order.OrderId, OrderStatuses.Confirmed);
        AssertSummaryGrew(before, await reports.SummaryAsync(), submitted: 1, pending: 0, confirmed: 1, cancelled: 0, revenue: 24.68m, items: 2);
        Assert.Equal(2, (await reports.ProductAsync(order.Lines[0].ProductId))!.Quantity);
    }

    [Fact]
    public async Task OrderConfirmed_SameEventUnderNewMessageId_IsCountedOnce()
    {
        var hour = TestOrders.UniqueHour();
        var order = TestOrders.Create(hour, TestOrders.Line(3.30m, 3));
        using var consumed = Consumed();
        var reports = app.Reports();
        var before = await reports.SummaryAsync();

        await app.Publisher.PublishAsync(order.Confirmed());
        await app.Publisher.PublishAsync(order.Confirmed());

        await Eventually.HoldsAsync(
            () => CountOf(consumed, nameof(OrderConfirmed), "applied") == 1 && CountOf(consumed, nameof(OrderConfirmed), "already-applied") == 1,
            "both copies are processed, one applied");
        AssertSummaryGrew(before, await reports.SummaryAsync(), submitted: 1, pending: 0, confirmed: 1, cancelled: 0, revenue: 9.90m, items: 3);
        Assert.Equal([new SalesBucket(hour, 1, 3, 9.90m)], await reports.SalesAsync(hour, hour.AddHours(1), "minute"));
    }

    [Fact]
    public async Task OrderConfirmed_BeforeItsSubmitted_CountsTheSaleOnceAndLeavesNothingPending()
    {
        var hour = TestOrders.UniqueHour();
        var order = TestOrders.Create(hour.AddMinutes(10), TestOrders.Line(7.77m, 1));
        using var consumed = Consumed();
        var reports = app.Reports();
        var before = await reports.SummaryAsync();
        var funnelBefore = await reports.FunnelAsync();

        await app.Publisher.PublishAsync(order.Confirmed(hour.AddMinutes(11)));
        await app.WaitForOrderAsync(order.OrderId, OrderStatuses.Confirmed);
        await app.Publisher.PublishAsync(order.Submitted());

        await Eventually.HoldsAsync(() => CountOf(consumed, nameof(OrderSubmitted), "stale") == 1, "the late OrderSubmitted is processed");
        AssertSummaryGrew(before, await reports.SummaryAsync(), submitted: 1, pending: 0, confirmed: 1, cancelled: 0, revenue: 7.77m, items: 1);
        Assert.Equal([new SalesBucket(hour.AddMinutes(11), 1, 1, 7.77m)], await reports.SalesAsync(hour, hour.AddHours(1), "minute"));
        var funnel = await reports.FunnelAsync();
        Assert.Equal(funnelBefore.Checkouts + 1, funnel.Checkouts);
        Assert.Equal(funnelBefore.Confirmed + 1, funnel.Confirmed);
    }

    [Fact]
    public async Task OrderCancelled_BeforeItsSubmitted_CountsOneCancellationAndNoSale()
    {
        var hour = TestOrders.UniqueHour();
        var order = TestOrders.Create(hour, TestOrders.Line(50m, 1));
        using var consumed = Consumed();
        var reports = app.Reports();
        var before = await reports.SummaryAsync();

        await app.Publisher.PublishAsync(order.Cancelled(CancelReasons.PaymentDeclined));
        await app.WaitForOrderAsync(order.OrderId, OrderStatuses.Cancelled);
        await app.Publisher.PublishAsync(order.Submitted());

        await Eventually.HoldsAsync(() => CountOf(consumed, nameof(OrderSubmitted), "stale") == 1, "the late OrderSubmitted is processed");
        var summary = await reports.SummaryAsync();
        AssertSummaryGrew(before, summary, submitted: 1, pending: 0, confirmed: 0, cancelled: 1, revenue: 0m, items: 0);
        Assert.Equal(before.CancelledByReason.GetValueOrDefault(CancelReasons.PaymentDeclined) + 1, summary.CancelledByReason[CancelReasons.PaymentDeclined]);
        Assert.Empty(await reports.SalesAsync(hour, hour.AddHours(1), "minute"));
        Assert.Null(await reports.ProductAsync(order.Lines[0].ProductId));
    }

    [Fact]
    public async Task OrderCancelled_AfterItWasConfirmed_IsIgnoredAndTheSaleStands()
    {
        var hour = TestOrders.UniqueHour();
        var order = TestOrders.Create(hour, TestOrders.Line(8.88m, 1));
        using var consumed = Consumed();
        var reports = app.Reports();
        var before = await reports.SummaryAsync();

        await app.Publisher.PublishAsync(order.Submitted());
        await app.Publisher.PublishAsync(order.Confirmed());
        await app.WaitForOrderAsync(order.OrderId, OrderStatuses.Confirmed);
        await app.Publisher.PublishAsync(order.Cancelled(CancelReasons.OutOfStock, hour.AddMinutes(30)));

        await Eventually.HoldsAsync(() => CountOf(consumed, nameof(OrderCancelled), "conflicting") == 1, "the contradicting OrderCancelled is processed");
        AssertSummaryGrew(before, await reports.SummaryAsync(), submitted: 1, pending: 0, confirmed: 1, cancelled: 0, revenue: 8.88m, items: 1);
        Assert.Equal(OrderStatuses.Confirmed, (await app.FindOrderAsync(order.OrderId))!.Status);
    }

    [Fact]
    public async Task OrderEvents_ManyAtOnceOnTheSameRows_LoseNoIncrementAndNeverDeadlock()
    {
        const int Orders = 60;
        var hour = TestOrders.UniqueHour();
        var product = Guid.NewGuid();
        var orders = Enumerable.Range(1, Orders)
            .Select(i => TestOrders.Create(hour.AddSeconds(i), TestOrders.Line(1.00m + (i * 0.01m), i % 3 + 1, product, "Bestseller")))
            .ToList();
        var confirmedAt = hour.AddMinutes(2).AddSeconds(5);
        var reports = app.Reports();
        var before = await reports.SummaryAsync();
        var deadlocksBefore = (long)(await app.ScalarAsync("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()"))!;

        // Submitted and Confirmed of every order at once: they race on the same product, minute and status rows,
        // and the two events of one order race each other on different queues.
        await Task.WhenAll(orders.SelectMany(order => new[]
        {
            app.Publisher.PublishAsync(order.Submitted()),
            app.Publisher.PublishAsync(order.Confirmed(confirmedAt)),
        }));

        var expectedItems = orders.Sum(o => o.Items);
        var expectedRevenue = orders.Sum(o => o.Total);
        await Eventually.HoldsAsync(
            async () => (await reports.ProductAsync(product))?.Quantity == expectedItems,
            $"the product's {expectedItems} units are counted",
            TimeSpan.FromSeconds(40));
        await Eventually.HoldsAsync(
            async () => (await reports.SummaryAsync()).OrdersSubmitted == before.OrdersSubmitted + Orders,
            "every OrderSubmitted is processed");

        Assert.Equal(new ProductSales(product, "Bestseller", expectedItems, expectedRevenue), await reports.ProductAsync(product));
        Assert.Equal([new SalesBucket(hour.AddMinutes(2), Orders, expectedItems, expectedRevenue)], await reports.SalesAsync(hour, hour.AddHours(1), "minute"));
        AssertSummaryGrew(before, await reports.SummaryAsync(), submitted: Orders, pending: 0, confirmed: Orders, cancelled: 0, revenue: expectedRevenue, items: expectedItems);
        Assert.Equal(deadlocksBefore, (long)(await app.ScalarAsync("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()"))!);
    }

    [Fact]
    public async Task OrderEvents_Consumed_AreCountedAndTheirLagMeasuredOnMetrics()
    {
        var order = TestOrders.Create(DateTimeOffset.UtcNow, TestOrders.Line(1.50m, 1));
        using var consumed = Consumed();
        using var lag = new MetricCollector<double>(app.Services.GetRequiredService<IMeterFactory>(), "Shop.Reporting", "shop.reporting.events.lag");

        await app.Publisher.PublishAsync(order.Submitted());

        await Eventually.HoldsAsync(() => CountOf(consumed, nameof(OrderSubmitted), "applied") == 1, "the event is counted");
        Assert.Contains(lag.GetMeasurementSnapshot(), m => Equals(m.Tags["type"], nameof(OrderSubmitted)) && m.Value is >= 0 and < 30);
        using var client = app.CreateClient();
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("shop_reporting_events_consumed_total{", metrics, StringComparison.Ordinal);
        Assert.Contains("shop_reporting_events_lag_seconds_bucket{", metrics, StringComparison.Ordinal);
    }
}
