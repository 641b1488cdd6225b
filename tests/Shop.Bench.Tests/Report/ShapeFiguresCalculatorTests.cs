using Shop.Bench.Invariants;
using Shop.Bench.Prometheus;
using Shop.Bench.Report;
using Shop.Bench.Tests.Infrastructure;
using Shop.LoadTest.Reports;

namespace Shop.Bench.Tests.Report;

public sealed class ShapeFiguresCalculatorTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("gateway", "gateway")]
    [InlineData("catalog-1", "application")]
    [InlineData("monolith-2", "application")]
    [InlineData("postgres", "postgres")]
    [InlineData("rabbitmq", "rabbitmq")]
    [InlineData("prometheus", null)]
    [InlineData("loadgen", null)]
    [InlineData("sampler", null)]
    public void ComponentOf_ProcessName_GroupsShopServersAndLeavesOutInstruments(string name, string? component) =>
        Assert.Equal(component, ShapeFiguresCalculator.ComponentOf(name));

    [Fact]
    public void CostWindowEnd_ScenarioCheckSettled_EndsWhenItSettled()
    {
        var run = LoadTestReports.Run(s_start, s_start.AddMinutes(4));
        InvariantReport[] invariants =
        [
            new() { After = "capacity search", SettledAt = s_start.AddMinutes(20), CheckedAt = s_start.AddMinutes(20) },
            new() { After = "scenario", SettledAt = s_start.AddMinutes(4.5), CheckedAt = s_start.AddMinutes(4.5) },
        ];

        Assert.Equal(s_start.AddMinutes(4.5), ShapeFiguresCalculator.CostWindowEnd(run, invariants));
    }

    [Fact]
    public void CostWindowEnd_NeverSettled_EndsWhenTheCheckGaveUp()
    {
        var run = LoadTestReports.Run(s_start, s_start.AddMinutes(4));

        Assert.Equal(s_start.AddMinutes(6), ShapeFiguresCalculator.CostWindowEnd(run, [new() { After = "scenario", CheckedAt = s_start.AddMinutes(6) }]));
        Assert.Equal(s_start.AddMinutes(4), ShapeFiguresCalculator.CostWindowEnd(run, []));
    }

    [Fact]
    public void PeakOfSum_SeriesPerModule_AddsThemAtEachInstantWithinTheWindow()
    {
        var t = s_start.ToUnixTimeSeconds();
        var query = new QueryCapture
        {
            Series =
            [
                Series(("order", [(t - 5, 100), (t, 3), (t + 5, 4)])),
                Series(("catalog", [(t - 5, 100), (t, 5), (t + 5, 1)])),
            ],
        };

        // At t the modules hold 3 + 5; the 200 before the window does not count.
        Assert.Equal(8, ShapeFiguresCalculator.PeakOfSum(query, s_start, s_start.AddSeconds(10)));
        Assert.Null(ShapeFiguresCalculator.PeakOfSum(null, s_start, s_start.AddSeconds(10)));
        Assert.Null(ShapeFiguresCalculator.PeakOfSum(query, s_start.AddHours(1), s_start.AddHours(2)));
    }

    [Fact]
    public void Calculate_RunWithTotals_TakesErrorRatioFromRequestsAndOrdersFromDistinctIds()
    {
        var run = LoadTestReports.Run(s_start, s_start.AddMinutes(1)) with
        {
            Totals = LoadTestReports.Totals with { Started = 100, Requests = 500, Errors = 5 },
            Steps = [LoadTestReports.Step(StepNames.Checkout) with { Count = 50, Errors = 1, P50Ms = 20, P99Ms = 300 }],
            Orders = LoadTestReports.Orders with { CheckoutsAccepted = 52, OrderIds = 50 },
        };

        var figures = ShapeFiguresCalculator.Calculate(run, capacity: null, [], prometheus: null, new ProcessUsage([]), new Ceilings());

        Assert.Equal(0.01, figures.ErrorRatio!.Value, 9);
        Assert.Equal(50, figures.OrdersAccepted);
        Assert.Equal(300, figures.CheckoutP99Ms);
        Assert.Null(figures.CapacityRate);
        Assert.Null(figures.CpuSecondsPerThousandOrders);
        Assert.Null(figures.InvariantsPassed);
    }

    private static MetricSeries Series((string Module, (long Time, double Value)[] Points) series) => new()
    {
        Labels = new Dictionary<string, string> { ["module"] = series.Module },
        Points = series.Points.Select(p => new MetricPoint(p.Time, p.Value)).ToList(),
    };
}
