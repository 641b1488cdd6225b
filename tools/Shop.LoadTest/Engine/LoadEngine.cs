using Shop.LoadTest.Metrics;
using Shop.LoadTest.Scheduling;

namespace Shop.LoadTest.Engine;

/// <summary>
/// Runs a load profile in the open model: a dedicated thread walks the <see cref="ArrivalSchedule"/>, sleeping until
/// each arrival is due and starting its journey on the thread pool, whatever the journeys already in flight are
/// doing. Arrivals due in the same millisecond go out as one batch. An arrival that finds
/// <see cref="EngineSettings.MaxConcurrency"/> journeys in flight is dropped and counted, and told apart by who held
/// the slots (see <see cref="TargetHeldShare"/>). At each second boundary it hands the second over to a
/// <see cref="SecondCloser"/>, which adds it to the timeline. After the schedule it waits for the journeys in flight
/// (the drain), then tells stragglers to stop.
/// </summary>
public sealed class LoadEngine : IDisposable
{
    /// <summary>
    /// An arrival dropped at the cap counts as the target's doing (overload) only when the scheduler was on time and at
    /// least this share of the slots were waiting on the target: for an answer, or in a pause their journey is
    /// scripted to make. The rest of a slot's life is the generator's own work (the journey's code, or its wait in the
    /// thread pool's queue), which at any moment is a few journeys when the generator keeps up; a generator whose
    /// threads are starved piles its journeys up there, and then the cap is its own doing.
    /// </summary>
    public const double TargetHeldShare = 0.9;

    private readonly EngineSettings _settings;
    private readonly long _frequency;
    private long _inFlight;
    private long _waitingOnTarget;
    private volatile bool _stopping;
    private bool _startOnScheduler;
    private volatile EngineStatus _status = new("starting", 0, 0, false);
    private SecondCloser? _closer;

    public LoadEngine(EngineSettings settings, JourneyMix mix, RunMetrics metrics, HttpMessageInvoker http)
    {
        _settings = settings;
        _frequency = settings.Time.TimestampFrequency;
        Mix = mix;
        Metrics = metrics;
        Http = http;
        Timeouts = new RequestTimeouts(settings.RequestTimeout, settings.Time);
        LateStartTicks = (long)(settings.LateStartThreshold.TotalSeconds * _frequency);
    }

    public TimeProvider Time => _settings.Time;

    public JourneyMix Mix { get; }

    public RunMetrics Metrics { get; }

    public HttpMessageInvoker Http { get; }

    public RequestTimeouts Timeouts { get; }

    internal long LateStartTicks { get; }

    /// <summary>Journeys should stop before their next step.</summary>
    public bool Stopping => _stopping;

    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>Journeys in flight that are waiting on the target: a request sent and its answer not yet read, or a scripted pause.</summary>
    public long WaitingOnTarget => Interlocked.Read(ref _waitingOnTarget);

    /// <summary>The scheduler thread ran under the real-time policy and started the journeys itself.</summary>
    public bool SchedulerRealTime { get; private set; }

    /// <summary>Where the run is, for the live progress.</summary>
    public EngineStatus Status => _status;

    /// <summary>Runs <paramref name="profile"/> on a dedicated thread, with raised priority where the system allows it.</summary>
    public Task<EngineResult> RunAsync(LoadProfile profile, CancellationToken cancellationToken)
    {
        var completion = new TaskCompletionSource<EngineResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            // A real-time scheduler wakes on time whatever the target does with the cores, and starts each journey
            // itself: the part of a journey before its first answer is a request to send, and a thread pool waiting
            // for a core behind the target's threads would start it late. Everything after runs on the pool as before.
            _startOnScheduler = _settings.RealTimeScheduler && SchedulerThreadPriority.TryMakeRealTime();
            SchedulerRealTime = _startOnScheduler;
            if (!_startOnScheduler)
            {
                SchedulerThreadPriority.TryRaise();
            }
            try
            {
                completion.SetResult(Run(profile, cancellationToken));
            }
            catch (Exception ex)
            {
                completion.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "load scheduler",
            Priority = ThreadPriority.AboveNormal,
        };
        thread.Start();
        return completion.Task;
    }

    /// <summary>Runs <paramref name="profile"/> on the calling thread and returns when every journey has finished.</summary>
    public EngineResult Run(LoadProfile profile, CancellationToken cancellationToken)
    {
        var time = _settings.Time;
        var pacer = _settings.Pacer;
        var cpuBefore = ProcessCpu.Used();
        var startedAt = time.GetUtcNow();
        var start = time.GetTimestamp();
        var seeds = new SplitMix64((ulong)_settings.Seed);
        using var closer = new SecondCloser(Metrics, inline: _settings.InlineDispatch);
        _closer = closer;
        var second = 0;
        var nextSecond = start + _frequency;
        var interrupted = false;

        foreach (var offset in ArrivalSchedule.Offsets(profile))
        {
            var due = start + (long)(offset * _frequency);
            while (nextSecond <= due && !cancellationToken.IsCancellationRequested)
            {
                pacer.WaitUntil(nextSecond, cancellationToken);
                CloseSecond(profile, second++);
                nextSecond += _frequency;
            }
            pacer.WaitUntil(due, cancellationToken);
            if (cancellationToken.IsCancellationRequested)
            {
                interrupted = true;
                break;
            }
            Dispatch(due, ref seeds);
        }

        // Quiet seconds at the end of the profile (a rate decaying to zero) still belong to the schedule.
        var scheduleEnd = start + (long)(profile.TotalSeconds * _frequency);
        while (!interrupted && nextSecond <= scheduleEnd)
        {
            pacer.WaitUntil(nextSecond, cancellationToken);
            if (cancellationToken.IsCancellationRequested)
            {
                interrupted = true;
                break;
            }
            CloseSecond(profile, second++);
            nextSecond += _frequency;
        }
        if (!interrupted)
        {
            pacer.WaitUntil(scheduleEnd, cancellationToken);
        }

        var drainStart = time.GetTimestamp();
        if (interrupted)
        {
            _stopping = true;
        }
        Drain(profile, drainStart + (long)(_settings.DrainTimeout.TotalSeconds * _frequency), ref second, ref nextSecond);
        if (InFlight > 0)
        {
            // Stragglers stop before their next step; one in a request ends within the request timeout.
            _stopping = true;
            var limit = time.GetTimestamp() + (long)((_settings.RequestTimeout.TotalSeconds + 1) * _frequency);
            Drain(profile, limit, ref second, ref nextSecond);
        }
        var end = time.GetTimestamp();
        // The last, partial second; when the run ended exactly on a boundary it is empty and left out.
        CloseSecond(profile, second, keepEmpty: end > nextSecond - _frequency);
        closer.Complete();

        var wallSeconds = (end - start) / (double)_frequency;
        return new EngineResult(
            startedAt.UtcDateTime,
            startedAt.UtcDateTime.AddSeconds(wallSeconds),
            profile.TotalSeconds,
            Math.Max(0, (end - Math.Max(drainStart, scheduleEnd)) / (double)_frequency),
            wallSeconds,
            (ProcessCpu.Used() - cpuBefore).TotalSeconds,
            interrupted,
            InFlight);
    }

    /// <summary>A journey ended (called by <see cref="JourneyContext"/>).</summary>
    internal void JourneyEnded() => Interlocked.Decrement(ref _inFlight);

    /// <summary>A journey starts waiting on the target (called by <see cref="JourneyContext"/>).</summary>
    internal void WaitStarted() => Interlocked.Increment(ref _waitingOnTarget);

    /// <summary>A journey's wait on the target is over.</summary>
    internal void WaitEnded() => Interlocked.Decrement(ref _waitingOnTarget);

    public void Dispose() => Timeouts.Dispose();

    private void Dispatch(long due, ref SplitMix64 seeds)
    {
        Metrics.ArrivalScheduled();
        var now = _settings.Time.GetTimestamp();
        var lagMicros = Latency.Micros(due, now, _frequency);
        var schedulerLate = now - due > LateStartTicks;
        Metrics.SchedulerLag(lagMicros);
        var inFlight = Interlocked.Increment(ref _inFlight);
        if (inFlight > _settings.MaxConcurrency)
        {
            Interlocked.Decrement(ref _inFlight);
            var heldByTarget = !schedulerLate && WaitingOnTarget >= TargetHeldShare * _settings.MaxConcurrency;
            Metrics.ArrivalDropped(generatorBehind: !heldByTarget);
            return;
        }
        Metrics.InFlight(inFlight);
        Metrics.ArrivalDispatched(lagMicros);
        var journey = Mix.Pick(seeds.NextDouble());
        var context = new JourneyContext(this, journey, due, seeds.Next(), schedulerLate);
        if (_settings.HandOff is { } handOff)
        {
            handOff(context);
        }
        else if (_settings.InlineDispatch || _startOnScheduler)
        {
            _ = context.RunAsync();
        }
        else
        {
            ThreadPool.UnsafeQueueUserWorkItem(context, preferLocal: false);
        }
    }

    /// <summary>Waits until no journey is in flight or <paramref name="deadline"/>, closing seconds as they pass.</summary>
    private void Drain(LoadProfile profile, long deadline, ref int second, ref long nextSecond)
    {
        var time = _settings.Time;
        var poll = _frequency / 200;
        while (InFlight > 0)
        {
            var now = time.GetTimestamp();
            if (now >= deadline)
            {
                return;
            }
            if (now >= nextSecond)
            {
                CloseSecond(profile, second++);
                nextSecond += _frequency;
                continue;
            }
            _settings.Pacer.WaitUntil(Math.Min(Math.Min(nextSecond, deadline), now + poll), CancellationToken.None);
        }
    }

    private void CloseSecond(LoadProfile profile, int second, bool keepEmpty = true)
    {
        var inSchedule = second < profile.TotalSeconds;
        var phase = inSchedule ? profile.Phases[profile.PhaseIndexAt(second)].Name : "drain";
        var target = profile.ArrivalsBetween(second, second + 1);
        _closer!.Close(second, phase, target, InFlight, keepEmpty);
        _status = new EngineStatus(phase, second + 1, profile.TotalSeconds, !inSchedule);
    }
}

/// <summary>Where a run is: its phase, seconds done out of the schedule's total, and whether it is draining.</summary>
public sealed record EngineStatus(string Phase, double ElapsedSeconds, double TotalSeconds, bool Draining);

/// <summary>What the engine did, besides what <see cref="RunMetrics"/> counted.</summary>
/// <param name="StartedAt">When the first arrival was due.</param>
/// <param name="EndedAt">When the last journey finished.</param>
/// <param name="ScheduleSeconds">Length of the profile.</param>
/// <param name="DrainSeconds">From the end of the schedule until the last journey finished.</param>
/// <param name="WallSeconds">From the start to the end of the drain.</param>
/// <param name="CpuSeconds">CPU time the process used meanwhile.</param>
/// <param name="Interrupted">Cancelled before the schedule ended.</param>
/// <param name="Unfinished">Journeys still in flight when the engine gave up waiting.</param>
public sealed record EngineResult(
    DateTime StartedAt,
    DateTime EndedAt,
    double ScheduleSeconds,
    double DrainSeconds,
    double WallSeconds,
    double CpuSeconds,
    bool Interrupted,
    long Unfinished);
