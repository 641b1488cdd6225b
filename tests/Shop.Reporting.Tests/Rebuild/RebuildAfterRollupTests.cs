using Microsoft.EntityFrameworkCore;
using Shop.Order.Contracts;
using Shop.Reporting.Tests.Infrastructure;

namespace Shop.Reporting.Tests.Rebuild;

/// <summary>
/// A rebuild after a rollup, on a database of its own: once minutes are compacted, minute queries stop at the rollup
/// horizon, which would refuse the minute figures the other rebuild tests compare.
/// </summary>
public sealed class RebuildAfterRollupTests(ReportingWithOrderSourceFixture app) : IClassFixture<ReportingWithOrderSourceFixture>
{
    [Fact]
    public async Task Rebuild_AfterRollup_KeepsOldSalesCompactedIntoHours()
    {
        var hour = TestOrders.UniqueHour();
        var early = TestOrders.Create(hour.AddMinutes(3), TestOrders.Line(12.50m, 2));
        var late = TestOrders.Create(hour.AddMinutes(50), TestOrders.Line(0.10m, 1));
        foreach (var order in new[] { early, late })
        {
            var confirmed = order.Confirmed();
            await app.Orders.InsertConfirmedAsync(order, confirmed);
            await app.Publisher.PublishAsync(confirmed);
            await app.WaitForOrderAsync(order.OrderId, OrderStatuses.Confirmed);
        }
        await app.RunCommandAsync("rollup");
        var reports = app.Reports();
        var hourly = await reports.SalesAsync(hour, hour.AddHours(1), "hour");

        await app.RunCommandAsync("rebuild");

        Assert.Equal([new Contracts.SalesBucket(hour, 2, 3, 25.10m)], hourly);
        Assert.Equal(hourly, await reports.SalesAsync(hour, hour.AddHours(1), "hour"));
        Assert.Equal(0, await app.WithDbContextAsync(db => db.SalesMinutes.CountAsync(m => m.BucketStart >= hour && m.BucketStart < hour.AddHours(1))));
        Assert.Equal(1, await app.WithDbContextAsync(db => db.SalesHours.CountAsync(h => h.BucketStart >= hour && h.BucketStart < hour.AddHours(1))));
    }
}
