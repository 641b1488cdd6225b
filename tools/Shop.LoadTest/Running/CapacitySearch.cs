using Shop.LoadTest.Reports;
using Shop.LoadTest.Scenarios;

namespace Shop.LoadTest.Running;

/// <summary>How the capacity search steps.</summary>
/// <param name="StartRate">First step's rate in journeys per second.</param>
/// <param name="Factor">Each next step's rate is the last one's times this.</param>
/// <param name="StepSeconds">Length of a step.</param>
/// <param name="MaxRate">No step above this rate.</param>
/// <param name="Bisect">Once a passing and a failing step bracket the capacity, try once between them.</param>
/// <param name="Pause">Quiet time between steps, so the target's queues (orders, events) drain.</param>
/// <param name="Criterion">What a step must meet.</param>
/// <param name="WarmUpSeconds">Before the first step, the mix's journeys at the start rate for this long, each equally
/// likely (<see cref="Scenario.WarmUp"/>), not judged: a target that has just started (its code not yet compiled, its
/// caches and pools empty) would otherwise fail the first steps on its cold start rather than on their rate. 0 for none.</param>
public sealed record CapacityOptions(
    double StartRate,
    double Factor,
    double StepSeconds,
    double MaxRate,
    bool Bisect,
    TimeSpan Pause,
    CapacityCriterion Criterion,
    double WarmUpSeconds = 15)
{
    public static CapacityOptions Default { get; } = new(10, 1.5, 15, 1000, true, TimeSpan.FromSeconds(5), new CapacityCriterion(1000, 0.001));
}

/// <summary>Shows a run while it goes (live progress) and returns once it has ended.</summary>
public delegate Task RunWatcher(Task run);

/// <summary>
/// The highest arrival rate the target sustains with a scenario's journey mix: constant-rate steps, each
/// <see cref="CapacityOptions.Factor"/> times the last, until one fails (checkout p99 above the limit, too many
/// errors, or a rate the generator did not deliver), or each that factor below the last while they fail from the
/// first; then, optionally, one step between the pass and the failure that bracket it (<see cref="CapacityRates"/>).
/// The capacity is the highest passing rate. A warm-up at the start rate, not judged, comes first.
/// </summary>
public static class CapacitySearch
{
    public static async Task<CapacityReport> RunAsync(
        Scenario scenario,
        RunSettings settings,
        CapacityOptions options,
        RunWatcher? watch,
        Action<CapacityStep>? stepDone,
        CancellationToken cancellationToken)
    {
        var startedAt = DateTime.UtcNow;
        var steps = new List<CapacityStep>();
        using var load = await ShopLoad.PrepareAsync(scenario, settings, cancellationToken);
        if (options.WarmUpSeconds > 0)
        {
            var warmUp = load.RunAsync(scenario.WarmUp(options.StartRate, options.WarmUpSeconds), $"capacity warm-up: {options.StartRate:0.#}/s", cancellationToken);
            if (watch is not null)
            {
                await watch(warmUp);
            }
            await warmUp;
            await Task.Delay(options.Pause, cancellationToken);
        }

        async Task<CapacityStep> StepAsync(double rate)
        {
            var stepScenario = scenario.AtConstantRate(rate, options.StepSeconds, "step");
            var label = $"capacity step {steps.Count + 1}: {rate:0.#}/s";
            var run = load.RunAsync(stepScenario, label, cancellationToken);
            if (watch is not null)
            {
                await watch(run);
            }
            var step = Evaluate(rate, options, await run);
            steps.Add(step);
            stepDone?.Invoke(step);
            return step;
        }

        var outcomes = new List<CapacityOutcome>();
        while (!cancellationToken.IsCancellationRequested && CapacityRates.Next(options, outcomes) is { } rate)
        {
            if (steps.Count > 0)
            {
                await Task.Delay(options.Pause, cancellationToken);
            }
            var step = await StepAsync(rate);
            outcomes.Add(new CapacityOutcome(rate, step.Passed));
        }
        return new CapacityReport(
            "capacity", settings.Target.ToString(), scenario.Name, options.Criterion, steps, CapacityRates.Capacity(outcomes), startedAt, scenario.PeakRate, options.WarmUpSeconds);
    }

    /// <summary>
    /// Whether one step's run meets the criterion, and why not. A step also fails when the generator did not offer
    /// its rate, when arrivals were dropped at the in-flight cap (whoever held the slots, the rate was not sustained) or
    /// when it was interrupted. Late starts and a busy generator are warnings only: the latencies already count from
    /// the scheduled times, so the criterion sees their effect.
    /// </summary>
    public static CapacityStep Evaluate(double rate, CapacityOptions options, RunReport report)
    {
        var checkoutP99 = report.Step(StepNames.Checkout)?.P99Ms ?? 0;
        var errorRatio = report.Totals.Requests > 0 ? (double)report.Totals.Errors / report.Totals.Requests : 0;
        var validity = report.Validity;
        var problems = new List<string>();
        var warnings = new List<string>();
        if (checkoutP99 > options.Criterion.CheckoutP99Ms)
        {
            problems.Add($"checkout p99 {checkoutP99:0.#} ms > {options.Criterion.CheckoutP99Ms:0} ms");
        }
        if (errorRatio >= options.Criterion.MaxErrorRatio)
        {
            problems.Add($"errors {errorRatio:P2} of requests ≥ {options.Criterion.MaxErrorRatio:P2}");
        }
        if (!report.Completed)
        {
            problems.Add("interrupted");
        }
        if (Math.Abs(validity.OfferedToTargetRatio - 1) > validity.Criteria.MaxRateDeviation + 1e-9)
        {
            problems.Add($"the generator offered {validity.OfferedToTargetRatio:P1} of the journeys asked for");
        }
        if (validity.Dropped > 0)
        {
            problems.Add($"{validity.Dropped} arrivals dropped (in-flight limit reached)");
        }
        if (validity.LateStartRatio > validity.Criteria.MaxLateStartRatio)
        {
            warnings.Add($"{validity.LateStartRatio:P1} late starts");
        }
        if (validity.GeneratorCpuPercent > validity.Criteria.MaxGeneratorCpuPercent)
        {
            warnings.Add($"generator used {validity.GeneratorCpuPercent:0.#} % of the machine");
        }
        return new CapacityStep(
            rate, report.DurationSeconds, report.Totals.AchievedRate, checkoutP99, report.Totals.P99Ms,
            Math.Round(errorRatio, 6), problems.Count == 0, problems, warnings, report.StartedAt, report.EndedAt);
    }
}
