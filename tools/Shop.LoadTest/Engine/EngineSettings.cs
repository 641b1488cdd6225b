using Shop.LoadTest.Scheduling;

namespace Shop.LoadTest.Engine;

/// <summary>How the engine schedules and measures.</summary>
/// <param name="Time">The clock; tests pass a fake one.</param>
/// <param name="Pacer">How the scheduler waits; tests pass one that moves the fake clock.</param>
/// <param name="MaxConcurrency">Journeys in flight at most; an arrival beyond is dropped and counted.</param>
/// <param name="RequestTimeout">A request not answered by then is an error.</param>
/// <param name="LateStartThreshold">A journey starting later than this after its scheduled time is a late start.</param>
/// <param name="DrainTimeout">After the schedule, how long journeys in flight may take to finish before they are told to stop.</param>
/// <param name="Seed">Seed of the journey choices.</param>
/// <param name="InlineDispatch">Start journeys on the scheduler's thread instead of the thread pool (deterministic tests on a fake clock).</param>
/// <param name="HandOff">Runs a dispatched journey instead of the thread pool (or the inline start): tests pass one that
/// starts it later on a fake clock, as a busy thread pool would.</param>
/// <param name="RealTimeScheduler">Run the scheduler thread under the real-time round-robin policy and start each
/// journey on it (<see cref="SchedulerThreadPriority.TryMakeRealTime"/>); where that is refused, the raised nice and the
/// thread pool as without it.</param>
public sealed record EngineSettings(
    TimeProvider Time,
    IPacer Pacer,
    int MaxConcurrency,
    TimeSpan RequestTimeout,
    TimeSpan LateStartThreshold,
    TimeSpan DrainTimeout,
    long Seed,
    bool InlineDispatch = false,
    Action<IThreadPoolWorkItem>? HandOff = null,
    bool RealTimeScheduler = false)
{
    /// <summary>Real time, a sleeping pacer and the thread pool.</summary>
    public static EngineSettings ForRealTime(int maxConcurrency, TimeSpan requestTimeout, TimeSpan lateStartThreshold, long seed) =>
        new(TimeProvider.System, new SleepingPacer(TimeProvider.System), maxConcurrency, requestTimeout, lateStartThreshold,
            DrainTimeout: requestTimeout * 2, seed);
}
