using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Shop.Cart.Contracts.Messages;
using Shop.Order.Contracts;
using Shop.Reporting.Contracts;
using Shop.Reporting.Tests.Infrastructure;

namespace Shop.Reporting.Tests.Rebuild;

/// <summary>
/// The <c>rebuild</c> command against an order database created by the order module's own migrations: the figures it
/// recomputes are those the consumers computed from the events.
/// </summary>
public sealed class RebuildCommandTests(ReportingWithOrderSourceFixture app) : IClassFixture<ReportingWithOrderSourceFixture>
{
    /// <summary>Everything the report API says, over the hours a test used.</summary>
    private sealed record Figures(
        SalesSummary Summary, IReadOnlyList<SalesBucket> Minutes, IReadOnlyList<SalesBucket> Hours,
        IReadOnlyList<ProductSales> Products, SalesFunnel Funnel);

    private async Task<Figures> FiguresAsync(DateTimeOffset hour)
    {
        var reports = app.Reports();
        return new Figures(
            await reports.SummaryAsync(),
            await reports.SalesAsync(hour, hour.AddHours(3), "minute"),
            await reports.SalesAsync(hour, hour.AddHours(3), "hour"),
            await reports.TopProductsAsync(),
            await reports.FunnelAsync());
    }

    private static void AssertSameFigures(Figures expected, Figures actual)
    {
        ReportAssert.Equal(expected.Summary, actual.Summary);
        Assert.Equal(expected.Minutes, actual.Minutes);
        Assert.Equal(expected.Hours, actual.Hours);
        Assert.Equal(expected.Products, actual.Products);
        Assert.Equal(expected.Funnel, actual.Funnel);
    }

    /// <summary>
    /// Orders in every state, stored in the order database as the order module stores them and published as the events
    /// it publishes, plus a buyer who only filled a cart; returns once the consumers have applied everything.
    /// </summary>
    private async Task<(DateTimeOffset Hour, Guid SharedProduct)> PlaceOrdersAsync()
    {
        var hour = TestOrders.UniqueHour();
        var shared = Guid.NewGuid();
        var confirmed = TestOrders.Create(hour.AddMinutes(1), TestOrders.Line(19.99m, 2, shared, "Shared"), TestOrders.Line(0.05m, 9));
        var confirmedLater = TestOrders.Create(hour.AddHours(1).AddMinutes(7), TestOrders.Line(19.99m, 1, shared, "Shared, renamed"));
        var outOfStock = TestOrders.Create(hour.AddMinutes(2), TestOrders.Line(5m, 1));
        var declined = TestOrders.Create(hour.AddMinutes(3), confirmed.BuyerId, TestOrders.Line(7m, 3));
        var submitted = TestOrders.Create(hour.AddMinutes(4), TestOrders.Line(11m, 1));
        var reserved = TestOrders.Create(hour.AddMinutes(5), TestOrders.Line(13m, 1));

        var confirmedEvent = confirmed.Confirmed(hour.AddMinutes(1).AddSeconds(40));
        var confirmedLaterEvent = confirmedLater.Confirmed(hour.AddHours(1).AddMinutes(8));
        var outOfStockEvent = outOfStock.Cancelled(CancelReasons.OutOfStock, hour.AddMinutes(2).AddSeconds(1));
        var declinedEvent = declined.Cancelled(CancelReasons.PaymentDeclined, hour.AddMinutes(3).AddSeconds(9));
        await app.Orders.InsertConfirmedAsync(confirmed, confirmedEvent);
        await app.Orders.InsertConfirmedAsync(confirmedLater, confirmedLaterEvent);
        await app.Orders.InsertCancelledAsync(outOfStock, outOfStockEvent);
        await app.Orders.InsertCancelledAsync(declined, declinedEvent);
        await app.Orders.InsertAsync(submitted, "Submitted");
        await app.Orders.InsertAsync(reserved, "StockReserved");

        foreach (var order in new[] { confirmed, confirmedLater, outOfStock, declined, submitted, reserved })
        {
            await app.Publisher.PublishAsync(order.Submitted());
        }
        await app.Publisher.PublishAsync(confirmedEvent);
        await app.Publisher.PublishAsync(confirmedLaterEvent);
        await app.Publisher.PublishAsync(outOfStockEvent);
        await app.Publisher.PublishAsync(declinedEvent);
        var browser = TestOrders.NewBuyer();
        await app.Publisher.PublishAsync(new CartItemAdded(browser, Guid.NewGuid(), 1, 1m, hour));

        await app.WaitForOrderAsync(confirmed.OrderId, OrderStatuses.Confirmed);
        await app.WaitForOrderAsync(confirmedLater.OrderId, OrderStatuses.Confirmed);
        await app.WaitForOrderAsync(outOfStock.OrderId, OrderStatuses.Cancelled);
        await app.WaitForOrderAsync(declined.OrderId, OrderStatuses.Cancelled);
        await app.WaitForOrderAsync(submitted.OrderId, OrderStatuses.Pending);
        await app.WaitForOrderAsync(reserved.OrderId, OrderStatuses.Pending);
        await Eventually.HoldsAsync(
            async () => await app.WithDbContextAsync(db => db.FunnelBuyers.AnyAsync(b => b.BuyerId == browser)),
            "the cart event is applied");
        return (hour, shared);
    }

    [Fact]
    public async Task Rebuild_AfterWipingTheReadModels_ReproducesEveryFigure()
    {
        var (hour, shared) = await PlaceOrdersAsync();
        var live = await FiguresAsync(hour);
        Assert.Equal(new ProductSales(shared, "Shared, renamed", 3, 59.97m), live.Products.Single(p => p.ProductId == shared));

        await app.ScalarAsync(
            """
            DELETE FROM reporting.orders; DELETE FROM reporting.product_sales; DELETE FROM reporting.sales_minutes;
            DELETE FROM reporting.sales_hours; DELETE FROM reporting.order_status_counts;
            UPDATE reporting.funnel_buyers SET first_checkout_at = NULL, first_confirmed_at = NULL;
            """);
        Assert.Equal(0, (await FiguresAsync(hour)).Summary.OrdersSubmitted);
        await app.RunCommandAsync("rebuild");

        AssertSameFigures(live, await FiguresAsync(hour));
    }

    [Fact]
    public async Task Rebuild_OverLiveFigures_ChangesNothing()
    {
        var (hour, _) = await PlaceOrdersAsync();
        var live = await FiguresAsync(hour);

        await app.RunCommandAsync("rebuild");
        await app.RunCommandAsync("rebuild");

        AssertSameFigures(live, await FiguresAsync(hour));
    }

    [Fact]
    public async Task Rebuild_SaleTheOrderDatabaseNeverHad_IsDropped()
    {
        var (hour, _) = await PlaceOrdersAsync();
        var truth = await FiguresAsync(hour);
        var stray = TestOrders.Create(hour.AddMinutes(30), TestOrders.Line(999.99m, 1));
        await app.Publisher.PublishAsync(stray.Confirmed());
        await app.WaitForOrderAsync(stray.OrderId, OrderStatuses.Confirmed);
        Assert.Equal(truth.Summary.Revenue + 999.99m, (await app.Reports().SummaryAsync()).Revenue);

        await app.RunCommandAsync("rebuild");

        AssertSameFigures(truth, await FiguresAsync(hour));
        Assert.Null(await app.FindOrderAsync(stray.OrderId));
    }

    [Fact]
    public async Task Rebuild_EventsStillQueuedForOrdersItAlreadyCounted_AreNotCountedAgain()
    {
        var hour = TestOrders.UniqueHour();
        var order = TestOrders.Create(hour.AddMinutes(15), TestOrders.Line(42.42m, 2));
        var confirmed = order.Confirmed(hour.AddMinutes(16));
        await app.Orders.InsertConfirmedAsync(order, confirmed);
        await app.RunCommandAsync("rebuild");
        var rebuilt = await FiguresAsync(hour);
        Assert.Equal([new SalesBucket(hour.AddMinutes(16), 1, 2, 84.84m)], rebuilt.Minutes);

        using var consumed = new MetricCollector<long>(
            app.Services.GetRequiredService<IMeterFactory>(), "Shop.Reporting", "shop.reporting.events.consumed");

        // The consumers get the order's events only now, as if they had waited in the queue during the rebuild.
        await app.Publisher.PublishAsync(confirmed);
        await app.Publisher.PublishAsync(order.Submitted());
        await Eventually.HoldsAsync(() => consumed.GetMeasurementSnapshot().Count == 2, "both late events are processed");
        Assert.All(consumed.GetMeasurementSnapshot(), m => Assert.NotEqual("applied", m.Tags["outcome"]));

        AssertSameFigures(rebuilt, await FiguresAsync(hour));
    }

    [Fact]
    public async Task Rebuild_WhileTheSameOrdersEventsAreConsumed_CountsEveryOrderOnce()
    {
        const int Orders = 40;
        var hour = TestOrders.UniqueHour();
        var product = Guid.NewGuid();
        var orders = Enumerable.Range(1, Orders)
            .Select(i => TestOrders.Create(hour.AddSeconds(i), TestOrders.Line(2.00m + (i * 0.01m), 1, product, "Raced")))
            .ToList();
        foreach (var order in orders)
        {
            await app.Orders.InsertConfirmedAsync(order, order.Confirmed());
        }
        using var consumed = new MetricCollector<long>(
            app.Services.GetRequiredService<IMeterFactory>(), "Shop.Reporting", "shop.reporting.events.consumed");

        // The events race the rebuild: some are applied before it locks, some wait for it, some come after it.
        var publishing = Task.WhenAll(orders.SelectMany(order => new[]
        {
            app.Publisher.PublishAsync(order.Submitted()),
            app.Publisher.PublishAsync(order.Confirmed()),
        }));
        await app.RunCommandAsync("rebuild");
        await publishing;
        await Eventually.HoldsAsync(() => consumed.GetMeasurementSnapshot().Count == 2 * Orders, "every event is processed", TimeSpan.FromSeconds(40));

        Assert.Equal(new ProductSales(product, "Raced", Orders, orders.Sum(o => o.Total)), await app.Reports().ProductAsync(product));
        var settled = await FiguresAsync(hour);
        await app.RunCommandAsync("rebuild");
        AssertSameFigures(settled, await FiguresAsync(hour));
    }
}
