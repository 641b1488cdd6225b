using Shop.Bench.Scaling;
using Shop.Bench.Tests.Infrastructure;
using Shop.LoadTest.Reports;

namespace Shop.Bench.Tests.Scaling;

public sealed class IsolationWindowsTests
{
    private static readonly DateTimeOffset s_start = new(2026, 12, 7, 13, 0, 0, TimeSpan.Zero);

    [Fact]
    public void From_Run_CheckoutFiguresTheSlowestCatalogReadAndTheTotals()
    {
        var run = LoadTestReports.Run(s_start, s_start.AddSeconds(20)) with
        {
            Steps =
            [
                LoadTestReports.Step(StepNames.Checkout) with { Count = 200, Errors = 3, P99Ms = 640 },
                LoadTestReports.Step(StepNames.BrowseList) with { Count = 500, P99Ms = 90 },
                LoadTestReports.Step(StepNames.BrowseSearch) with { Count = 500, P99Ms = 130 },
                LoadTestReports.Step(StepNames.BrowseProduct) with { Count = 500, P99Ms = 40 },
            ],
            Totals = LoadTestReports.Totals with { Requests = 1700, Errors = 3, Dropped = 7 },
        };

        var window = IsolationWindows.From("during", run);

        Assert.Equal(("during", 20.0, 200L, 3L, 640.0, 130.0), (window.Name, window.Seconds, window.Checkouts, window.CheckoutErrors, window.CheckoutP99Ms, window.BrowseP99Ms));
        Assert.Equal((1700L, 3L, 7L, true), (window.Requests, window.Errors, window.Dropped, window.Valid));
        Assert.Equal(0.985, window.CheckoutSuccess, 3);
    }

    [Fact]
    public void From_RunWithoutCheckoutsOrValidity_ZeroesAndNotValid()
    {
        var run = LoadTestReports.Run(s_start, s_start.AddSeconds(8));
        run = run with { Validity = run.Validity with { Valid = false } };

        var window = IsolationWindows.From("before", run);

        Assert.Equal((0L, 0.0, 1.0, false), (window.Checkouts, window.CheckoutP99Ms, window.CheckoutSuccess, window.Valid));
    }
}
