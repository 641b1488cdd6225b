using System.Collections.Concurrent;
using Shop.LoadTest.Engine;
using Shop.LoadTest.Metrics;
using Shop.LoadTest.Scenarios;
using Shop.LoadTest.Scheduling;

namespace Shop.LoadTest.Tests.Scheduling;

/// <summary>
/// The real-time scheduler of --raise-priority, on the real clock: the scheduler thread runs under SCHED_RR and starts
/// each journey itself; what follows the journey's first await runs on the thread pool as an ordinary thread.
/// </summary>
public sealed class RealTimeSchedulerTests
{
    private const string RoundRobin = "2";
    private const string Ordinary = "0";

    [Fact]
    public async Task RealTimeScheduler_AsRoot_StartsEachJourneyOnARealTimeSchedulerAndContinuesOnOrdinaryThreads()
    {
        var seen = new ConcurrentQueue<(string StartThread, string StartPolicy, string ContinuationPolicy)>();
        var metrics = new RunMetrics(["probe"]);
        var settings = EngineSettings.ForRealTime(100, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(10), seed: 1) with { RealTimeScheduler = true };
        using var http = new HttpMessageInvoker(new HttpClientHandler());
        using var engine = new LoadEngine(settings, new JourneyMix([(new PolicyProbeJourney(seen), 1.0)]), metrics, http);

        await engine.RunAsync(new LoadProfile([new Phase("flat", 1, 20, 20)]), CancellationToken.None);

        Assert.NotEmpty(seen);
        if (!Environment.IsPrivilegedProcess)
        {
            // Refused: the pool starts the journeys, as without the option, and the run says so.
            Assert.False(engine.SchedulerRealTime);
            Assert.All(seen, s => Assert.NotEqual("load scheduler", s.StartThread));
            return;
        }
        Assert.True(engine.SchedulerRealTime);
        Assert.All(seen, s => Assert.Equal(("load scheduler", RoundRobin), (s.StartThread, s.StartPolicy)));
        Assert.All(seen, s => Assert.Equal(Ordinary, s.ContinuationPolicy));
    }

    [Fact]
    public async Task WithoutRealTimeScheduler_ThePoolStartsTheJourneys()
    {
        var seen = new ConcurrentQueue<(string StartThread, string StartPolicy, string ContinuationPolicy)>();
        var metrics = new RunMetrics(["probe"]);
        var settings = EngineSettings.ForRealTime(100, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(10), seed: 1);
        using var http = new HttpMessageInvoker(new HttpClientHandler());
        using var engine = new LoadEngine(settings, new JourneyMix([(new PolicyProbeJourney(seen), 1.0)]), metrics, http);

        await engine.RunAsync(new LoadProfile([new Phase("flat", 1, 20, 20)]), CancellationToken.None);

        Assert.False(engine.SchedulerRealTime);
        Assert.NotEmpty(seen);
        Assert.All(seen, s => Assert.Equal(Ordinary, s.StartPolicy));
    }

    private sealed class PolicyProbeJourney(ConcurrentQueue<(string, string, string)> seen) : IJourney
    {
        public string Name => "probe";

        public async ValueTask RunAsync(JourneyContext context)
        {
            var thread = Thread.CurrentThread.Name ?? "";
            var policy = CurrentThreadPolicy();
            await Task.Yield();
            seen.Enqueue((thread, policy, CurrentThreadPolicy()));
        }
    }

    // Field 41 of /proc/thread-self/stat (the 39th after the command's closing parenthesis): the scheduling policy.
    private static string CurrentThreadPolicy()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[38];
    }
}
