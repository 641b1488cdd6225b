using Shop.LoadTest.Engine;
using Shop.LoadTest.Metrics;
using Shop.LoadTest.Reports;
using Shop.LoadTest.Scenarios;
using Shop.LoadTest.Scheduling;

namespace Shop.LoadTest.Running;

/// <summary>Turns what a run counted into run.json's <see cref="RunReport"/>, with its validity checked and its overload found.</summary>
public static class RunReportBuilder
{
    public static RunReport Build(
        Scenario scenario,
        Uri target,
        double scale,
        long seed,
        LoadProfile profile,
        JourneyMix mix,
        RunMetrics metrics,
        EngineResult result,
        GeneratorReport generator,
        IReadOnlyList<HotProductReport> hotProducts,
        ValidityCriteria criteria)
    {
        var phases = profile.Phases
            .Select((p, i) => new PhaseReport(p.Name, Round(profile.PhaseStart(i)), Round(profile.PhaseStart(i) + p.Seconds), Round(p.FromRate), Round(p.ToRate)))
            .ToList();
        var steps = metrics.Steps
            .Where(s => s.Total.TotalCount > 0)
            .Select(Step)
            .ToList();
        var journeys = mix.Weights.Select((weight, i) => metrics.Journey(i, Math.Round(weight, 4))).ToList();
        var seconds = result.ScheduleSeconds;
        var allSteps = Latency.NewHistogram();
        foreach (var step in metrics.Steps)
        {
            allSteps.Add(step.Total);
        }
        var totals = new TotalsReport(
            metrics.Scheduled, metrics.Started, metrics.Completed, metrics.FailedJourneys, metrics.Requests, metrics.Errors,
            metrics.LateStarts, metrics.Dropped,
            Round(profile.ExpectedArrivals / seconds), Round(metrics.Started / seconds), metrics.MaxInFlight,
            Latency.PercentileMs(allSteps, 50), Latency.PercentileMs(allSteps, 99));
        var orders = metrics.Orders;
        var ordersReport = new OrdersReport(
            orders.Accepted, orders.Confirmed, orders.Cancelled, orders.StockOuts, orders.DistinctOrderIds, orders.Pending, orders.CancelledByReason);
        // The schedule holds whole arrivals (the area under the rate, rounded up); an interrupted run is compared with
        // what the whole profile asked for.
        var asked = result.Interrupted ? profile.ExpectedArrivals : metrics.Scheduled;
        var tally = new ScheduleTally(
            asked, metrics.Started, metrics.LateStarts, metrics.SchedulerLateStarts, metrics.Dropped, metrics.DroppedWhileBehind,
            result.CpuSeconds, result.WallSeconds, Environment.ProcessorCount, metrics.CpuPeakPercent);
        var validity = criteria.Evaluate(tally, !result.Interrupted);
        validity = validity with { StartDelay = Delay(metrics.StartDelays()), DispatchDelay = Delay(metrics.DispatchDelays()) };
        if (result.Unfinished > 0)
        {
            validity = validity with
            {
                Valid = false,
                Problems = [.. validity.Problems, $"{result.Unfinished} journeys were still running when the drain gave up"],
            };
        }
        return new RunReport(
            "run", scenario.Name, target.ToString(), scale, result.StartedAt, result.EndedAt, Round(seconds),
            phases, metrics.Timeline, steps, journeys, totals, ordersReport, validity, metrics.Overload(asked, generator.MaxConcurrency),
            !result.Interrupted, seed, Round(result.DrainSeconds), generator, hotProducts, [.. metrics.ExceptionSamples]);
    }

    public static StepReport Step(StepMetrics step)
    {
        var total = step.Total;
        return new StepReport(
            step.Name, total.TotalCount, step.Errors, step.StatusCodes(), step.Timeouts, step.TransportErrors,
            Latency.PercentileMs(total, 50), Latency.PercentileMs(total, 90), Latency.PercentileMs(total, 99),
            Latency.PercentileMs(total, 99.9), Latency.MaxMs(total), Latency.MeanMs(total));
    }

    private static DelayReport Delay(HdrHistogram.HistogramBase delays) =>
        new(Latency.PercentileMs(delays, 50), Latency.PercentileMs(delays, 99), Latency.MaxMs(delays));

    private static double Round(double value) => Math.Round(value, 3);
}
