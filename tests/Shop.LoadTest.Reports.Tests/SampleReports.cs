namespace Shop.LoadTest.Reports.Tests;

/// <summary>Reports with every field set, as the generator writes them.</summary>
public static class SampleReports
{
    public static readonly DateTime Start = new(2026, 11, 27, 10, 0, 0, DateTimeKind.Utc);

    public static RunReport Run() => new(
        Kind: "run",
        Scenario: "smoke",
        Target: "http://127.0.0.1:18080/",
        Scale: 1.5,
        StartedAt: Start,
        EndedAt: Start.AddSeconds(22.5),
        DurationSeconds: 20,
        Phases: [new PhaseReport("steady", 0, 20, 4, 4)],
        Timeline:
        [
            new TimelineSecond(0, "steady", 4, 4, 4, 3, 0, 0, 0, 1, 4.2, 38.5,
                new Dictionary<string, StepSecond> { [StepNames.Checkout] = new(1, 0, 30.5, 30.5) }),
        ],
        Steps:
        [
            new StepReport(StepNames.Checkout, 10, 1, new Dictionary<string, long> { ["202"] = 9, ["503"] = 1 }, 0, 0, 20, 30, 40, 45, 50, 22.5),
        ],
        Journeys: [new JourneyReport("checkout", 1, 10, 10, 1, 0)],
        Totals: new TotalsReport(80, 80, 80, 1, 400, 1, 0, 0, 4, 4, 12, 5.5, 44),
        Orders: new OrdersReport(9, 8, 1, 1, 9, 0, new Dictionary<string, long> { ["out-of-stock"] = 1 }),
        Validity: ValidityCriteria.Default.Evaluate(80, 80, 0, 0, 1.5, 20, 2, completed: true) with
        {
            StartDelay = new DelayReport(0.4, 2.5, 7),
            DispatchDelay = new DelayReport(0.1, 1.1, 3),
        },
        Completed: true,
        Seed: 20_261_127,
        DrainSeconds: 2.5,
        Generator: new GeneratorReport(2000, 256, 10, 10, 2, 500),
        HotProducts: [new HotProductReport("FUR-00001", Guid.Parse("6f2d2a43-3d5b-4b8e-9a4e-8d1f1f8a0c11"), 12, 40)],
        ExceptionSamples: ["System.Exception: sample"]);

    public static CapacityReport Capacity() => new(
        Kind: "capacity",
        Target: "http://127.0.0.1:18080/",
        Scenario: "blackfriday",
        Criterion: new CapacityCriterion(1000, 0.001),
        Steps:
        [
            new CapacityStep(10, 15, 10, 120, 40, 0, true, [], []),
            new CapacityStep(15, 15, 14.9, 1200, 400, 0.002, false, ["checkout p99 1200 ms > 1000 ms"], ["3 late starts"]),
        ],
        CapacityRate: 10,
        StartedAt: Start);

    public static MaxRateReport MaxRate() => new(
        Kind: "max-rate",
        Url: "http://127.0.0.1:15990/plain",
        DurationSeconds: 10,
        RequestsPerSecond: 46_012.5,
        P99Ms: 3.1,
        TargetRate: 47_000,
        Connections: 64,
        Errors: 0,
        GeneratorCpuPercent: 48.5,
        Search: [new MaxRateStep(2000, 2000, 1.2, 0, true), new MaxRateStep(3000, 2900, 9.5, 12, false)]);
}
