using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Shop.Order.Contracts;
using Shop.Reporting.Contracts;
using Shop.Reporting.Tests.Infrastructure;

namespace Shop.Reporting.Tests.Rollup;

/// <summary>
/// The <c>rollup</c> command on its own database: old minute buckets become hour buckets, and the hourly report reads
/// the same before and after, however often it runs and whatever arrives late.
/// </summary>
public sealed class RollupCommandTests(ReportingAppFixture app) : IClassFixture<ReportingAppFixture>
{
    private Task<int> MinuteRowsAsync(DateTimeOffset from, DateTimeOffset to) =>
        app.WithDbContextAsync(db => db.SalesMinutes.CountAsync(m => m.BucketStart >= from && m.BucketStart < to));

    private Task<int> HourRowsAsync(DateTimeOffset from, DateTimeOffset to) =>
        app.WithDbContextAsync(db => db.SalesHours.CountAsync(h => h.BucketStart >= from && h.BucketStart < to));

    private async Task<TestOrder> ConfirmAsync(DateTimeOffset confirmedAt, decimal price, int quantity)
    {
        var order = TestOrders.Create(confirmedAt.AddSeconds(-1), TestOrders.Line(price, quantity));
        await app.Publisher.PublishAsync(order.Confirmed(confirmedAt));
        await app.WaitForOrderAsync(order.OrderId, OrderStatuses.Confirmed);
        return order;
    }

    [Fact]
    public async Task Rollup_MinutesOlderThanADay_BecomeHoursAndHourlySalesStayTheSame()
    {
        var hour = TestOrders.UniqueHour();
        await ConfirmAsync(hour.AddMinutes(5), 10.01m, 1);
        await ConfirmAsync(hour.AddMinutes(5).AddSeconds(30), 20.02m, 2);
        await ConfirmAsync(hour.AddMinutes(47), 30.03m, 3);
        await ConfirmAsync(hour.AddHours(1).AddMinutes(3), 0.99m, 4);
        var reports = app.Reports();
        var summaryBefore = await reports.SummaryAsync();
        var hourlyBefore = await reports.SalesAsync(hour, hour.AddHours(3), "hour");
        Assert.Equal(3, await MinuteRowsAsync(hour, hour.AddHours(3)));

        await app.RunCommandAsync("rollup");

        Assert.Equal(
            [
                new SalesBucket(hour, 3, 6, 10.01m + 40.04m + 90.09m),
                new SalesBucket(hour.AddHours(1), 1, 4, 3.96m),
            ],
            hourlyBefore);
        Assert.Equal(hourlyBefore, await reports.SalesAsync(hour, hour.AddHours(3), "hour"));
        Assert.Equal(0, await MinuteRowsAsync(hour, hour.AddHours(3)));
        Assert.Equal(2, await HourRowsAsync(hour, hour.AddHours(3)));
        ReportAssert.Equal(summaryBefore, await reports.SummaryAsync());
    }

    [Fact]
    public async Task Rollup_RunAgain_ChangesNothing()
    {
        var hour = TestOrders.UniqueHour();
        await ConfirmAsync(hour.AddMinutes(1), 5m, 1);
        await app.RunCommandAsync("rollup");
        var reports = app.Reports();
        var hourly = await reports.SalesAsync(hour, hour.AddHours(1), "hour");

        await app.RunCommandAsync("rollup");

        Assert.Equal([new SalesBucket(hour, 1, 1, 5m)], hourly);
        Assert.Equal(hourly, await reports.SalesAsync(hour, hour.AddHours(1), "hour"));
        Assert.Equal(1, await HourRowsAsync(hour, hour.AddHours(1)));
    }

    [Fact]
    public async Task Rollup_SaleArrivingLateForACompactedHour_CountsInHourlySalesBeforeAndAfterTheNextRun()
    {
        var hour = TestOrders.UniqueHour();
        await ConfirmAsync(hour.AddMinutes(10), 1.10m, 1);
        await app.RunCommandAsync("rollup");

        await ConfirmAsync(hour.AddMinutes(20), 2.20m, 2);

        var reports = app.Reports();
        var expected = new SalesBucket(hour, 2, 3, 5.50m);
        Assert.Equal(1, await MinuteRowsAsync(hour, hour.AddHours(1)));
        Assert.Equal([expected], await reports.SalesAsync(hour, hour.AddHours(1), "hour"));
        await app.RunCommandAsync("rollup");
        Assert.Equal(0, await MinuteRowsAsync(hour, hour.AddHours(1)));
        Assert.Equal([expected], await reports.SalesAsync(hour, hour.AddHours(1), "hour"));
    }

    [Fact]
    public async Task Sales_MinutesBeforeTheRollupHorizon_Returns400PointingToHours()
    {
        var hour = TestOrders.UniqueHour();
        await ConfirmAsync(hour.AddMinutes(1), 1m, 1);
        await app.RunCommandAsync("rollup");
        using var client = app.CreateAdminClient();

        using var response = await client.GetAsync(ReportsClient.SalesPath(hour, hour.AddHours(1), "minute"));

        var problem = await ProblemAssert.IsValidationProblemAsync(response, "bucket");
        Assert.Contains("bucket=hour", problem.GetProperty("errors").GetProperty("bucket")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollup_RecentMinutes_AreKeptForMinuteQueries()
    {
        var confirmedAt = DateTimeOffset.UtcNow.AddMinutes(-2);
        await ConfirmAsync(confirmedAt, 4.44m, 1);

        await app.RunCommandAsync("rollup");

        using var client = app.CreateAdminClient();
        var recent = await client.GetFromJsonAsync<List<SalesBucket>>("/api/reports/sales");
        var minute = new DateTimeOffset(confirmedAt.UtcTicks - confirmedAt.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
        Assert.Contains(new SalesBucket(minute, 1, 1, 4.44m), recent!);
    }

}
