using HdrHistogram;
using Shop.LoadTest.Engine;
using Shop.LoadTest.Scenarios;
using Shop.LoadTest.Tests.Fakes;

namespace Shop.LoadTest.Tests.Engine;

/// <summary>The real engine on a manual clock: exact arrival times, counts, late starts, drops and latencies.</summary>
public sealed class LoadEngineTests
{
    [Fact]
    public async Task Run_ConstantRate_StartsEveryArrivalExactlyOnTime()
    {
        using var harness = new EngineHarness();

        var result = await harness.RunAsync(new Phase("flat", 5, 10, 10));

        Assert.Equal(50, harness.Starts.Count);
        for (var k = 0; k < 50; k++)
        {
            Assert.Equal(ManualClock.Ticks(k / 10.0), harness.Starts[k].Scheduled, 1d);
            Assert.Equal(harness.Starts[k].Scheduled, harness.Starts[k].Started);
        }
        Assert.Equal(50, harness.Metrics.Scheduled);
        Assert.Equal(50, harness.Metrics.Started);
        Assert.Equal(50, harness.Metrics.Completed);
        Assert.Equal(0, harness.Metrics.LateStarts);
        Assert.Equal(0, harness.Metrics.Dropped);
        Assert.False(result.Interrupted);
        Assert.Equal(5, result.ScheduleSeconds);
    }

    [Fact]
    public async Task Run_ConstantRate_OneTimelineEntryPerSecondWithItsArrivals()
    {
        using var harness = new EngineHarness();

        await harness.RunAsync(new Phase("flat", 5, 10, 10));

        Assert.Equal([0, 1, 2, 3, 4], harness.Metrics.Timeline.Select(s => s.Second));
        Assert.All(harness.Metrics.Timeline, second =>
        {
            Assert.Equal("flat", second.Phase);
            Assert.Equal(10, second.TargetRate);
            Assert.Equal(10, second.Started);
            Assert.Equal(10, second.Completed);
            Assert.Equal(10, second.Steps["request"].Count);
        });
    }

    [Fact]
    public async Task Run_LinearRamp_StartsInEachSecondWhatTheRampAsksFor()
    {
        using var harness = new EngineHarness();

        await harness.RunAsync(new Phase("ramp", 10, 0, 10));

        // Arrival k is at √(2k): second s holds the k with s² ≤ 2k < (s+1)².
        var timeline = harness.Metrics.Timeline;
        Assert.Equal(10, timeline.Count);
        for (var s = 0; s < 10; s++)
        {
            var expected = Enumerable.Range(0, 50).Count(k => Math.Sqrt(2 * k) >= s && Math.Sqrt(2 * k) < s + 1);
            Assert.Equal(expected, timeline[s].Started);
            Assert.Equal(s + 0.5, timeline[s].TargetRate, 1e-9);
        }
        Assert.Equal(50, harness.Metrics.Started);
    }

    [Fact]
    public async Task Run_SchedulerStalls_LateStartsCountedAndLatencyIncludesTheDelay()
    {
        // The scheduler's thread is descheduled for 205 ms at 1 s: arrivals due at 1.00 … 1.19 s start at 1.205 s.
        using var harness = new EngineHarness(stallAt: TimeSpan.FromSeconds(1), stall: TimeSpan.FromMilliseconds(205));

        await harness.RunAsync(new Phase("flat", 2, 100, 100));

        Assert.Equal(200, harness.Metrics.Started);
        Assert.Equal(20, harness.Metrics.LateStarts);
        Assert.Equal(20, harness.Metrics.SchedulerLateStarts);
        Assert.Equal(205, harness.Metrics.Timeline[1].SchedulerLagMs, 0.01);
        Assert.Equal(0, harness.Metrics.Timeline[0].SchedulerLagMs, 0.01);
        var latencies = harness.Step.Total;
        // The instant server adds nothing: the latency is exactly how late the journey started.
        Assert.InRange(latencies.GetMaxValue(), 205_000, 205_200);
        Assert.Equal(20, CountAtLeast(latencies, 15_000));
    }

    [Fact]
    public async Task Run_ServerStallsForASecond_LatenciesGrowFromTheScheduledStart()
    {
        // Requests arriving between 2 s and 3 s are all answered at 3 s (a stalled server). The open model keeps
        // sending on schedule, and each waiting request's latency counts from its own scheduled time.
        using var harness = new EngineHarness(server: clock => new FakeServer(clock, now =>
            now >= ManualClock.Ticks(2) && now < ManualClock.Ticks(3) ? ManualClock.Ticks(3) : now));

        await harness.RunAsync(new Phase("flat", 5, 100, 100));

        Assert.Equal(500, harness.Server.Requests);
        Assert.Equal(0, harness.Metrics.LateStarts);
        var latencies = harness.Step.Total;
        Assert.Equal(500, latencies.TotalCount);
        Assert.InRange(latencies.GetMaxValue(), 1_000_000, 1_001_000);
        // 100 requests waited 1000, 990, …, 10 ms (a closed-model tool on one connection would have recorded one slow
        // request and sent nothing else during the stall); the other 400 took no time.
        Assert.Equal(50, CountAtLeast(latencies, 505_000));
        Assert.Equal(100, CountAtLeast(latencies, 9_000));
        Assert.Equal(400, CountBelow(latencies, 10));
        Assert.InRange(latencies.GetValueAtPercentile(99), 949_000, 951_000);
        Assert.InRange(latencies.GetValueAtPercentile(50), 1, 10);
    }

    [Fact]
    public async Task Run_TooManyInFlight_ArrivalsBeyondTheLimitAreDroppedAndCounted()
    {
        using var harness = new EngineHarness(
            server: clock => new FakeServer(clock, _ => ManualClock.Ticks(10)),
            maxConcurrency: 5);

        await harness.RunAsync(new Phase("flat", 2, 10, 10));

        Assert.Equal(20, harness.Metrics.Scheduled);
        Assert.Equal(5, harness.Metrics.Started);
        Assert.Equal(15, harness.Metrics.Dropped);
        Assert.Equal(5, harness.Metrics.MaxInFlight);
        Assert.Equal(15, harness.Metrics.Timeline.Sum(s => s.Dropped));
        // Every slot was held by a request the server had not answered: the target's doing, not the generator's.
        Assert.Equal(0, harness.Metrics.DroppedWhileBehind);
        Assert.Equal(15, harness.Metrics.Overload(20, 5).Dropped);
    }

    [Fact]
    public async Task Run_HandOffToAThreadLate_LateStartsAreTheGeneratorsThoughTheSchedulerWasOnTime()
    {
        using var harness = new EngineHarness(handOffDelay: TimeSpan.FromMilliseconds(25));

        await harness.RunAsync(new Phase("flat", 2, 10, 10));

        Assert.Equal(20, harness.Metrics.Started);
        Assert.Equal(20, harness.Metrics.LateStarts);
        Assert.Equal(0, harness.Metrics.SchedulerLateStarts);
        Assert.All(harness.Metrics.Timeline, second => Assert.Equal(0, second.SchedulerLagMs, 0.01));
        Assert.InRange(harness.Step.Total.GetMaxValue(), 25_000, 25_100);
    }

    [Fact]
    public async Task Run_TargetStallsThenAnswersAgain_OverloadFromTheFirstToTheLastDropAndRecoveryWhenLatencyIsBack()
    {
        // Answers take 10 ms, except that requests sent between 1 s and 2 s are all answered at 3 s. With 5 slots, the
        // arrivals at 1.0 … 1.4 s hold them all, those at 1.5 … 2.9 s find them taken, and from 3 s on every arrival runs.
        using var harness = new EngineHarness(
            server: clock => new FakeServer(clock, now =>
                now >= ManualClock.Ticks(1) && now < ManualClock.Ticks(2) ? ManualClock.Ticks(3) : now + ManualClock.Ticks(0.01)),
            maxConcurrency: 5);

        await harness.RunAsync(new Phase("flat", 6, 10, 10));

        Assert.Equal((45, 15, 0L), (harness.Metrics.Started, harness.Metrics.Dropped, harness.Metrics.DroppedWhileBehind));
        var overload = harness.Metrics.Overload(60, 5);
        Assert.True(overload.Overloaded);
        Assert.Equal((15L, 0.25, 2, (int?)1, (int?)2), (overload.Dropped, overload.DroppedRatio, overload.Seconds, overload.FirstSecond, overload.LastSecond));
        // Before: every answer took 10 ms. During: the five stalled requests, answered 1.6 to 2.0 s after they were due.
        Assert.InRange(overload.P99BeforeMs!.Value, 9.99, 10.01);
        Assert.InRange(overload.P99Ms!.Value, 1998, 2002);
        // Second 3 is the first with answers as fast as before again, and the two after it are too.
        Assert.Equal(3, overload.RecoveredSecond);
        Assert.Equal(5, overload.MaxConcurrency);
        Assert.Equal(0, harness.Metrics.LateStarts);
    }

    [Fact]
    public async Task Run_SlotsHeldByJourneysBusyInTheGenerator_DropsAreTheGeneratorsNotAnOverload()
    {
        // Each journey holds its slot for 5 s without a request or a scripted pause: as journeys stuck in a starved
        // generator's queue would. The cap is then the generator's doing, whatever the target does.
        using var harness = new EngineHarness(maxConcurrency: 5, journey: h => new BusyInTheGeneratorJourney(h));

        await harness.RunAsync(new Phase("flat", 1, 10, 10));

        Assert.Equal((5, 5L, 5L), (harness.Metrics.Started, harness.Metrics.Dropped, harness.Metrics.DroppedWhileBehind));
        var overload = harness.Metrics.Overload(10, 5);
        Assert.False(overload.Overloaded);
        Assert.Equal(0, overload.Dropped);
        Assert.Null(overload.FirstSecond);
    }

    [Fact]
    public async Task Run_SchedulerLateWhileAtTheCap_ThoseDropsAreTheGenerators()
    {
        // The server holds 5 slots for 10 s; at 1 s the scheduler is descheduled for 205 ms. The arrivals it then gets to
        // more than 10 ms late (1.0 and 1.1 s) might have found a slot had it been on time: the generator's drops.
        using var harness = new EngineHarness(
            server: clock => new FakeServer(clock, _ => ManualClock.Ticks(10)),
            maxConcurrency: 5,
            stallAt: TimeSpan.FromSeconds(1),
            stall: TimeSpan.FromMilliseconds(205));

        await harness.RunAsync(new Phase("flat", 2, 10, 10));

        Assert.Equal((15L, 2L), (harness.Metrics.Dropped, harness.Metrics.DroppedWhileBehind));
        Assert.Equal(13, harness.Metrics.Overload(20, 5).Dropped);
    }

    [Fact]
    public async Task Run_ServerNeverAnswers_RequestsTimeOutAsErrors()
    {
        using var harness = new EngineHarness(
            server: clock => new FakeServer(clock, _ => null),
            requestTimeout: TimeSpan.FromMilliseconds(400));

        var result = await harness.RunAsync(new Phase("flat", 1, 10, 10));

        Assert.Equal(10, harness.Step.Timeouts);
        Assert.Equal(10, harness.Step.Errors);
        Assert.Equal(10, harness.Metrics.Errors);
        Assert.InRange(harness.Step.Total.GetMaxValue(), 300_000, 401_000);
        Assert.Empty(harness.Step.StatusCodes());
        Assert.Equal(0, result.Unfinished);
    }

    [Fact]
    public async Task Run_ServerAnswers500_CountedAsErrorsWithTheStatusCode()
    {
        using var harness = new EngineHarness(server: clock => new FakeServer(clock, now => now, System.Net.HttpStatusCode.InternalServerError));

        await harness.RunAsync(new Phase("flat", 1, 10, 10));

        Assert.Equal(10, harness.Step.Errors);
        Assert.Equal(new Dictionary<string, long> { ["500"] = 10 }, harness.Step.StatusCodes());
        Assert.Equal(10, harness.Metrics.Timeline.Sum(s => s.Errors));
    }

    [Fact]
    public async Task Run_SlowAnswersAfterTheSchedule_DrainWaitsForThemAndCountsTheDrainSeconds()
    {
        using var harness = new EngineHarness(server: clock => new FakeServer(clock, now => now + ManualClock.Ticks(2.5)));

        var result = await harness.RunAsync(new Phase("flat", 2, 5, 5));

        Assert.Equal(10, harness.Metrics.Completed);
        Assert.Equal(2.3, result.DrainSeconds, 1e-6);
        Assert.Equal(["flat", "flat", "drain", "drain", "drain"], harness.Metrics.Timeline.Select(s => s.Phase));
        Assert.Equal(10, harness.Metrics.Timeline.Sum(s => s.Completed));
    }

    [Fact]
    public async Task Run_JourneysOutlastTheDrain_AreToldToStopBeforeTheirNextStep()
    {
        using var harness = new EngineHarness(
            drainTimeout: TimeSpan.FromSeconds(1),
            journey: h => new PausingJourney(h));

        var result = await harness.RunAsync(new Phase("flat", 1, 4, 4));

        Assert.Equal(4, harness.Metrics.Completed);
        Assert.Equal(0, result.Unfinished);
        // Each journey made its first request, paused 5 s, and stopped instead of making its second one.
        Assert.Equal(4, harness.Server.Requests);
    }

    [Fact]
    public async Task Run_JourneyThrows_CountedAsFailedAndSampledWithoutStoppingTheRun()
    {
        using var harness = new EngineHarness(journey: _ => new ThrowingJourney());

        await harness.RunAsync(new Phase("flat", 1, 5, 5));

        var journey = harness.Metrics.Journey(0, 1);
        Assert.Equal(5, journey.Completed);
        Assert.Equal(5, journey.Failed);
        Assert.Equal(5, journey.Exceptions);
        Assert.Contains(harness.Metrics.ExceptionSamples, s => s.Contains("answer could not be parsed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_PauseBetweenSteps_NextStepTimedFromThePausesScheduledEnd()
    {
        using var harness = new EngineHarness(journey: h => new PausingJourney(h, TimeSpan.FromMilliseconds(300)));

        await harness.RunAsync(new Phase("flat", 1, 2, 2));

        // Instant answers: both steps of both journeys take no time at all, the pause is not counted.
        Assert.Equal(4, harness.Step.Total.TotalCount);
        Assert.True(harness.Step.Total.GetMaxValue() <= 1, $"max {harness.Step.Total.GetMaxValue()} µs");
    }

    private static long CountAtLeast(HistogramBase histogram, long micros) =>
        histogram.RecordedValues().Where(v => v.ValueIteratedTo >= micros).Sum(v => v.CountAtValueIteratedTo);

    private static long CountBelow(HistogramBase histogram, long micros) =>
        histogram.RecordedValues().Where(v => v.ValueIteratedTo < micros).Sum(v => v.CountAtValueIteratedTo);

    private sealed class PausingJourney(EngineHarness harness, TimeSpan? pause = null) : IJourney
    {
        public string Name => "pausing";

        public async ValueTask RunAsync(JourneyContext context)
        {
            await context.SendAsync(harness.Step, new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1/first"));
            await context.PauseAsync(pause ?? TimeSpan.FromSeconds(5));
            if (context.StopRequested)
            {
                return;
            }
            await context.SendAsync(harness.Step, new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1/second"));
        }
    }

    private sealed class BusyInTheGeneratorJourney(EngineHarness harness) : IJourney
    {
        public string Name => "busy";

        public async ValueTask RunAsync(JourneyContext context) => await Task.Delay(TimeSpan.FromSeconds(5), harness.Clock);
    }

    private sealed class ThrowingJourney : IJourney
    {
        public string Name => "throwing";

        public ValueTask RunAsync(JourneyContext context) => throw new InvalidDataException("answer could not be parsed");
    }
}
