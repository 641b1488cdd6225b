using Shop.LoadTest.Reports;

namespace Shop.Bench.Tests.Infrastructure;

/// <summary>The generator's records with every figure zero or empty, for a test to set the few it is about with <c>with</c>.</summary>
public static class LoadTestReports
{
    public static readonly TotalsReport Totals = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public static readonly OrdersReport Orders = new(0, 0, 0, 0, 0, 0, new Dictionary<string, long>());

    public static RunReport Run(DateTimeOffset start, DateTimeOffset end) => new(
        "run", "blackfriday", "http://127.0.0.1:18080/", 1, start.UtcDateTime, end.UtcDateTime, (end - start).TotalSeconds,
        [], [], [], [], Totals, Orders,
        ValidityCriteria.Default.Evaluate(0, 0, 0, 0, 0, (end - start).TotalSeconds, 2, completed: true),
        Completed: true, Seed: 1, DrainSeconds: 0, new GeneratorReport(2000, 256, 10, 10, 2, 500), [], []);

    public static StepReport Step(string name) => new(name, 0, 0, new Dictionary<string, long>(), 0, 0, 0, 0, 0, 0, 0, 0);

    public static MaxRateReport MaxRate(double requestsPerSecond) =>
        new("max-rate", "http://127.0.0.1:15990/plain", 10, requestsPerSecond, 0, requestsPerSecond, 64, 0, 0, []);
}
