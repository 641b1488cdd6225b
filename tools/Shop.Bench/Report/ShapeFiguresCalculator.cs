using Shop.Bench.Invariants;
using Shop.Bench.Prometheus;
using Shop.Bench.Sampling;
using Shop.LoadTest.Reports;

namespace Shop.Bench.Report;

/// <summary>Turns one shape's raw files into the figures the comparison is made of.</summary>
public static class ShapeFiguresCalculator
{
    /// <summary>The invariant check that follows the scenario; its settle time closes the cost window.</summary>
    public const string AfterScenario = "scenario";

    public static ShapeFigures Calculate(
        RunReport? run,
        CapacityReport? capacity,
        IReadOnlyList<InvariantReport> invariants,
        PrometheusCapture? prometheus,
        ProcessUsage usage,
        Ceilings ceilings)
    {
        var requests = run?.Steps.Sum(s => s.Count) ?? 0;
        var requestsPerJourney = run is { Totals.Started: > 0 } && requests > 0 ? (double)requests / run.Totals.Started : (double?)null;
        var capacityRate = capacity?.CapacityRate is > 0 ? capacity.CapacityRate : (double?)null;
        var capacityRps = capacityRate * requestsPerJourney;
        var figures = new ShapeFigures
        {
            CapacityRate = capacityRate,
            // Every rate tried passed: the real capacity is at least the highest of them.
            CapacityIsLowerBound = capacity is { Steps.Count: > 0 } && capacity.Steps.All(s => s.Passed),
            // Not even the first rate passed: the capacity is below every rate tried.
            CapacityBelowFirstStep = capacity is { Steps.Count: > 0 } && !capacity.Steps.Any(s => s.Passed),
            RequestsPerJourney = requestsPerJourney,
            CapacityRequestsPerSecond = capacityRps,
            CapacityShareOfGatewayCeiling = Ratios.Of(capacityRps, ceilings.PlainThroughGateway?.Rps),
            CapacityShareOfDirectCeiling = Ratios.Of(capacityRps, ceilings.PlainDirect?.Rps),
            TargetRate = run?.Totals.TargetRate,
            AchievedRate = run?.Totals.AchievedRate,
            ErrorRatio = run is { Totals.Requests: > 0 }
                ? (double)run.Totals.Errors / run.Totals.Requests
                : requests > 0 ? (double)run!.Steps.Sum(s => s.Errors) / requests : null,
            CheckoutP50Ms = run?.Step(StepNames.Checkout)?.P50Ms,
            CheckoutP99Ms = run?.Step(StepNames.Checkout)?.P99Ms,
            OrdersAccepted = run?.Orders.OrderIds ?? 0,
            OrdersConfirmed = run?.Orders.Confirmed ?? 0,
            OrdersCancelled = run?.Orders.Cancelled ?? 0,
            InvariantsPassed = invariants.Count == 0 ? null : invariants.All(i => i.Passed),
            PeakOutboxBacklog = run is null ? null : PeakOfSum(prometheus?.Range(BenchQueries.OutboxPending), run.StartedAt, run.EndedAt),
            PeakQueueDepth = run is null ? null : PeakOfSum(prometheus?.Range(BenchQueries.BrokerQueueDepth), run.StartedAt, run.EndedAt),
            MessagesPerOrder = Ratios.Of(prometheus?.Total(BenchQueries.TotalMessagesConsumed)?.Sum(),
                prometheus?.Total(BenchQueries.TotalOrdersSubmitted)?.Sum()),
        };
        if (run is null || usage.Samples.Count < 2)
        {
            return figures;
        }
        return WithProcessFigures(figures, run, invariants, usage);
    }

    /// <summary>Groups a process under what it is: the gateway, the application (services or monolith), or a server.</summary>
    public static string? ComponentOf(string processName)
    {
        var service = ProcessRoles.ServiceOf(processName);
        return ProcessRoles.Of(processName) switch
        {
            ProcessRole.Shop => service == "gateway" ? "gateway" : "application",
            ProcessRole.Server => service,
            _ => null,
        };
    }

    /// <summary>Where the cost window ends: when the shape settled after the scenario, or when the check gave up.</summary>
    public static DateTimeOffset CostWindowEnd(RunReport run, IReadOnlyList<InvariantReport> invariants)
    {
        var check = invariants.FirstOrDefault(i => i.After == AfterScenario) ?? (invariants.Count > 0 ? invariants[0] : null);
        var end = check?.SettledAt ?? check?.CheckedAt ?? run.EndedAt;
        return end > run.EndedAt ? end : run.EndedAt;
    }

    private static ShapeFigures WithProcessFigures(ShapeFigures figures, RunReport run, IReadOnlyList<InvariantReport> invariants, ProcessUsage usage)
    {
        var from = run.StartedAt;
        var to = CostWindowEnd(run, invariants);
        var names = usage.Names;
        var cpu = names.ToDictionary(n => n, n => usage.CpuSeconds(n, from, to), StringComparer.Ordinal);
        var byComponent = cpu
            .Where(c => ComponentOf(c.Key) is not null)
            .GroupBy(c => ComponentOf(c.Key)!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(c => c.Value), StringComparer.Ordinal);
        var shop = cpu.Where(c => ProcessRoles.Of(c.Key) == ProcessRole.Shop).Sum(c => c.Value);
        var servers = cpu.Where(c => ProcessRoles.Of(c.Key) == ProcessRole.Server).Sum(c => c.Value);

        var scenarioSeconds = (run.EndedAt - run.StartedAt).TotalSeconds;
        var scenarioCpu = names.ToDictionary(n => n, n => usage.CpuSeconds(n, run.StartedAt, run.EndedAt), StringComparer.Ordinal);
        var busy = usage.MachineBusySeconds(run.StartedAt, run.EndedAt);
        var busyPeak = usage.MachineBusyCoresOverTime(run.StartedAt).Where(p => p.X > 0 && p.X <= scenarioSeconds + 1).Select(p => p.Y).DefaultIfEmpty().Max();
        var generator = scenarioCpu.Where(c => ProcessRoles.ServiceOf(c.Key) == "loadgen").Sum(c => c.Value);

        bool IsShop(string name) => ProcessRoles.Of(name) == ProcessRole.Shop;
        bool IsServer(string name) => ProcessRoles.Of(name) == ProcessRole.Server;
        var firstSample = usage.Samples[0].At;
        var idle = firstSample < run.StartedAt ? usage.TotalMemoryMiB(IsShop, firstSample, run.StartedAt.AddTicks(-1)) : [];
        var during = usage.TotalMemoryMiB(IsShop, run.StartedAt, run.EndedAt);
        var serversDuring = usage.TotalMemoryMiB(IsServer, run.StartedAt, run.EndedAt);

        return figures with
        {
            CostWindowSeconds = Math.Round((to - from).TotalSeconds, 1),
            CpuSecondsShop = shop,
            CpuSecondsServers = servers,
            CpuSecondsByComponent = byComponent,
            CpuSecondsByProcess = cpu.Where(c => ProcessRoles.Of(c.Key) == ProcessRole.Shop).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal),
            CpuSecondsPerThousandOrders = figures.OrdersAccepted > 0 ? (shop + servers) * 1000 / figures.OrdersAccepted : null,
            MachineBusyCoresMean = scenarioSeconds > 0 ? busy / scenarioSeconds : null,
            MachineBusyCoresPeak = busyPeak,
            ForeignCoresMean = scenarioSeconds > 0 ? Math.Max(0, busy - scenarioCpu.Values.Sum()) / scenarioSeconds : null,
            GeneratorCoresMean = scenarioSeconds > 0 && generator > 0 ? generator / scenarioSeconds : null,
            IdleMemoryMiBShop = idle.Count > 0 ? idle.Average() : null,
            PeakMemoryMiBShop = during.Count > 0 ? during.Max() : null,
            MeanMemoryMiBShop = during.Count > 0 ? during.Average() : null,
            PeakMemoryMiBServers = serversDuring.Count > 0 ? serversDuring.Max() : null,
        };
    }

    /// <summary>The highest value of the series summed at each instant (e.g. every module's outbox), within a window.</summary>
    public static double? PeakOfSum(QueryCapture? query, DateTimeOffset from, DateTimeOffset to)
    {
        if (query is null || query.Series.Count == 0)
        {
            return null;
        }
        var start = from.ToUnixTimeMilliseconds() / 1000.0;
        var end = to.ToUnixTimeMilliseconds() / 1000.0;
        var sums = query.Series
            .SelectMany(s => s.Points)
            .Where(p => p.Time >= start && p.Time <= end)
            .GroupBy(p => p.Time)
            .Select(g => g.Sum(p => p.Value))
            .ToList();
        return sums.Count == 0 ? null : sums.Max();
    }
}
