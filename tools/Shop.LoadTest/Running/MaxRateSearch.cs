using Shop.LoadTest.Engine;
using Shop.LoadTest.Journeys;
using Shop.LoadTest.Metrics;
using Shop.LoadTest.Progress;
using Shop.LoadTest.Reports;
using Shop.LoadTest.Scenarios;
using Shop.LoadTest.Scheduling;

namespace Shop.LoadTest.Running;

/// <summary>How the max-rate measurement searches.</summary>
/// <param name="Url">A trivial endpoint (tools/Shop.PlainKestrel's <c>/plain</c>).</param>
/// <param name="Seconds">Length of the final measurement.</param>
/// <param name="StartRate">First step's requests per second.</param>
/// <param name="StepSeconds">Length of each search step.</param>
/// <param name="Connections">HTTP connections at most.</param>
/// <param name="MaxConcurrency">Requests in flight at most.</param>
/// <param name="MaxRate">No step above this.</param>
public sealed record MaxRateOptions(
    Uri Url,
    double Seconds = 10,
    double StartRate = 2000,
    double StepSeconds = 2,
    int Connections = 64,
    int MaxConcurrency = 10_000,
    double MaxRate = 2_000_000);

/// <summary>
/// The generator's own ceiling: the highest open-model rate of single GETs to a trivial endpoint it can issue and
/// get answered. Short constant-rate steps grow by ×1.5 while at least 98 % of the target rate is answered (from a
/// step's start to its last answer) with no error or dropped request; two bisections narrow the result; a final
/// step of <see cref="MaxRateOptions.Seconds"/> at the best rate is what is reported.
/// </summary>
public static class MaxRateSearch
{
    private const double Growth = 1.5;
    private const double RequiredShare = 0.98;

    public static async Task<MaxRateReport> RunAsync(
        MaxRateOptions options,
        ProgressBoard? progress,
        RunWatcher? watch,
        Action<MaxRateStep>? stepDone,
        CancellationToken cancellationToken)
    {
        using var handler = LoadHttp.CreateHandler(options.Connections);
        using var http = new HttpMessageInvoker(handler, disposeHandler: false);
        var search = new List<MaxRateStep>();

        async Task<(MaxRateStep Step, RunMetrics Metrics, EngineResult Result)> MeasureAsync(double rate, double seconds, string label)
        {
            var measuring = MeasureStepAsync(options, http, progress, rate, seconds, label, cancellationToken);
            if (watch is not null)
            {
                await watch(measuring);
            }
            return await measuring;
        }

        async Task<bool> StepAsync(double rate)
        {
            var (step, _, _) = await MeasureAsync(rate, options.StepSeconds, $"max-rate step {search.Count + 1}: {rate:0}/s");
            search.Add(step);
            stepDone?.Invoke(step);
            return step.Passed;
        }

        // Warm-up: JIT, connections, thread pool; not part of the search.
        await MeasureAsync(Math.Min(options.StartRate, 1000), 1, "max-rate warm-up");

        double? low = null;
        double? high = null;
        var rate = options.StartRate;
        if (await StepAsync(rate))
        {
            low = rate;
            for (rate = Math.Round(rate * Growth); rate <= options.MaxRate && !cancellationToken.IsCancellationRequested; rate = Math.Round(rate * Growth))
            {
                if (!await StepAsync(rate))
                {
                    high = rate;
                    break;
                }
                low = rate;
            }
        }
        else
        {
            high = rate;
            for (rate = Math.Round(rate / 2); rate >= 50 && !cancellationToken.IsCancellationRequested; rate = Math.Round(rate / 2))
            {
                if (await StepAsync(rate))
                {
                    low = rate;
                    break;
                }
                high = rate;
            }
        }
        for (var i = 0; i < 2 && low is { } l && high is { } h && !cancellationToken.IsCancellationRequested; i++)
        {
            var middle = Math.Round(Math.Sqrt(l * h));
            if (await StepAsync(middle))
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        var best = low ?? 50;
        var (final, metrics, result) = await MeasureAsync(best, options.Seconds, $"max-rate final: {best:0}/s");
        var cpuPercent = result.WallSeconds > 0 ? result.CpuSeconds / (result.WallSeconds * Environment.ProcessorCount) * 100 : 0;
        return new MaxRateReport(
            "max-rate", options.Url.ToString(), options.Seconds, final.AnsweredRate, final.P99Ms, best, options.Connections,
            metrics.Errors, Math.Round(cpuPercent, 1), search);
    }

    private static async Task<(MaxRateStep Step, RunMetrics Metrics, EngineResult Result)> MeasureStepAsync(
        MaxRateOptions options, HttpMessageInvoker http, ProgressBoard? progress, double rate, double seconds, string label, CancellationToken cancellationToken)
    {
        var metrics = new RunMetrics(["request"]);
        var step = metrics.Step(StepNames.Request);
        var mix = new JourneyMix([(new PlainJourney(options.Url, step), 1.0)]);
        var limits = GeneratorLimits.Default;
        var settings = EngineSettings.ForRealTime(options.MaxConcurrency, limits.RequestTimeout, limits.LateStartThreshold, seed: 1)
            with { DrainTimeout = TimeSpan.FromSeconds(5) };
        using var engine = new LoadEngine(settings, mix, metrics, http);
        progress?.Show(label, engine);
        var profile = new LoadProfile([new Phase("constant", seconds, rate, rate)]);
        var result = await engine.RunAsync(profile, cancellationToken);
        var answered = step.Total.TotalCount - step.Errors;
        var answeredRate = answered / (result.ScheduleSeconds + result.DrainSeconds);
        // Late starts are reported, not judged: on a shared machine the scheduler thread is sometimes descheduled for more
        // than 10 ms, which the latency (measured from the scheduled time) already shows.
        var passed = answeredRate >= RequiredShare * rate && metrics.Errors == 0 && metrics.Dropped == 0;
        return (new MaxRateStep(rate, Math.Round(answeredRate, 1), Latency.PercentileMs(step.Total, 99), metrics.LateStarts, passed), metrics, result);
    }
}
