using System.Net;
using System.Net.Http.Json;
using Shop.Order.Contracts;
using Shop.Reporting.Contracts;
using Shop.Reporting.Tests.Infrastructure;

namespace Shop.Reporting.Tests.Features;

/// <summary>The admin report API: who may read it, what it refuses, and its defaults.</summary>
public sealed class ReportsApiTests(ReportingAppFixture app) : IClassFixture<ReportingAppFixture>
{
    public static TheoryData<string> Paths =>
    [
        "/api/reports/summary",
        "/api/reports/sales",
        "/api/reports/top-products",
        "/api/reports/funnel",
    ];

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Reports_NoToken_Return401Problem(string path)
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync(path);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Reports_BuyerToken_Return403Problem(string path)
    {
        using var client = app.CreateClient(app.Tokens.Buyer("buyer-1"));

        using var response = await client.GetAsync(path);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Reports_AdminToken_Return200(string path)
    {
        using var client = app.CreateAdminClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("bucket=day", "bucket")]
    [InlineData("bucket=", "bucket")]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2025-13-01T00:00:00Z", "to")]
    [InlineData("from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z", "from")]
    [InlineData("from=2025-01-01T00:00:00Z&to=2025-02-01T00:00:01Z&bucket=minute", "from")]
    [InlineData("from=2025-01-01T00:00:00Z&to=2026-01-02T00:00:01Z&bucket=hour", "from")]
    public async Task Sales_BadQuery_Returns400ValidationProblem(string query, string field)
    {
        using var client = app.CreateAdminClient();

        using var response = await client.GetAsync("/api/reports/sales?" + query);

        await ProblemAssert.IsValidationProblemAsync(response, field);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("-1")]
    [InlineData("ten")]
    [InlineData("")]
    public async Task TopProducts_LimitOutOfRange_Returns400ValidationProblem(string limit)
    {
        using var client = app.CreateAdminClient();

        using var response = await client.GetAsync("/api/reports/top-products?limit=" + limit);

        await ProblemAssert.IsValidationProblemAsync(response, "limit");
    }

    [Fact]
    public async Task Sales_WholeMonthOfMinutesAndYearOfHours_AreAccepted()
    {
        var reports = app.Reports();
        var from = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.NotNull(await reports.SalesAsync(from, from.AddDays(31), "minute"));
        Assert.NotNull(await reports.SalesAsync(from, from.AddDays(366), "hour"));
    }

    [Fact]
    public async Task Sales_NoParameters_AnswersTheLastHourPerMinute()
    {
        var confirmedAt = DateTimeOffset.UtcNow.AddSeconds(-5);
        var order = TestOrders.Create(confirmedAt.AddSeconds(-1), TestOrders.Line(2.50m, 2));
        var oldOrder = TestOrders.Create(confirmedAt.AddHours(-3), TestOrders.Line(1m, 1));
        await app.Publisher.PublishAsync(order.Confirmed(confirmedAt));
        await app.Publisher.PublishAsync(oldOrder.Confirmed(oldOrder.SubmittedAt));
        await app.WaitForOrderAsync(order.OrderId, OrderStatuses.Confirmed);
        await app.WaitForOrderAsync(oldOrder.OrderId, OrderStatuses.Confirmed);
        using var client = app.CreateAdminClient();

        var buckets = await client.GetFromJsonAsync<List<SalesBucket>>("/api/reports/sales");

        var minute = new DateTimeOffset(confirmedAt.UtcTicks - confirmedAt.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
        Assert.Contains(new SalesBucket(minute, 1, 2, 5.00m), buckets!);
        Assert.All(buckets!, bucket => Assert.InRange(bucket.BucketStart, minute.AddMinutes(-61), minute));
    }

    [Fact]
    public async Task TopProducts_Limit_ReturnsBestSellersByUnitsThenRevenue()
    {
        var (most, tieCheap, tieDear) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var hour = TestOrders.UniqueHour();
        var order = TestOrders.Create(hour,
            TestOrders.Line(1.00m, 100, tieCheap, "Cheap"),
            TestOrders.Line(1.00m, 500, most, "Most"),
            TestOrders.Line(2.00m, 100, tieDear, "Dear"));
        await app.Publisher.PublishAsync(order.Confirmed());
        await app.WaitForOrderAsync(order.OrderId, OrderStatuses.Confirmed);

        var top = await app.Reports().TopProductsAsync(limit: 3);

        Assert.Equal(
            [
                new ProductSales(most, "Most", 500, 500.00m),
                new ProductSales(tieDear, "Dear", 100, 200.00m),
                new ProductSales(tieCheap, "Cheap", 100, 100.00m),
            ],
            top);
        using var client = app.CreateAdminClient();
        var byDefault = await client.GetFromJsonAsync<List<ProductSales>>("/api/reports/top-products");
        Assert.InRange(byDefault!.Count, 3, 10);
        Assert.Equal(top, byDefault.Take(3));
    }

    [Fact]
    public async Task Summary_NewDatabase_ListsReasonsOnlyWhenThereAreCancellations()
    {
        var order = TestOrders.Create(TestOrders.UniqueHour(), TestOrders.Line(3m, 1));
        await app.Publisher.PublishAsync(order.Cancelled(CancelReasons.OutOfStock));
        await app.WaitForOrderAsync(order.OrderId, OrderStatuses.Cancelled);

        var summary = await app.Reports().SummaryAsync();

        Assert.True(summary.CancelledByReason[CancelReasons.OutOfStock] >= 1);
        Assert.All(summary.CancelledByReason.Values, count => Assert.True(count > 0));
        Assert.Equal(summary.OrdersCancelled, summary.CancelledByReason.Values.Sum());
    }
}
