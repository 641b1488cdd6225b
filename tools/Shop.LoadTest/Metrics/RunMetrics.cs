using System.Collections.Concurrent;
using HdrHistogram;
using Shop.LoadTest.Reports;

namespace Shop.LoadTest.Metrics;

/// <summary>
/// Everything a run counts. Journeys write from any thread (lock-free counters and recorders); the scheduler's thread
/// closes each second (<see cref="CloseSecond"/>), which moves the second's figures into the timeline and the run's
/// totals. <see cref="Latest"/> is what the live progress shows.
/// </summary>
public sealed class RunMetrics
{
    private const int MaxExceptionSamples = 5;
    private readonly Lock _stepsLock = new();
    private readonly List<StepMetrics> _steps = [];
    private readonly JourneyCounters[] _journeys;
    private readonly List<TimelineSecond> _timeline = [];
    private readonly LongHistogram _secondAllSteps = Latency.NewHistogram();
    private readonly ConcurrentQueue<string> _exceptionSamples = new();
    private readonly Recorder _startDelays = Latency.NewRecorder();
    private readonly Recorder _dispatchDelays = Latency.NewRecorder();
    private readonly OverloadTracker _overload = new();
    private IntervalCounters _total;
    private IntervalCounters _interval;
    private long _maxInFlight;
    private long _requests;
    private long _intervalSchedulerLagMicros;
    private double _cpuPeakPercent;

    public RunMetrics(IReadOnlyList<string> journeyNames)
    {
        JourneyNames = journeyNames;
        _journeys = [.. journeyNames.Select(_ => new JourneyCounters())];
    }

    public IReadOnlyList<string> JourneyNames { get; }

    public OrderOutcomes Orders { get; } = new();

    public IReadOnlyList<TimelineSecond> Timeline => _timeline;

    /// <summary>The last closed second, for the live progress (null before the first).</summary>
    public TimelineSecond? Latest { get; private set; }

    public long Scheduled => Interlocked.Read(ref _total.Scheduled) + Interlocked.Read(ref _interval.Scheduled);

    public long Started => Interlocked.Read(ref _total.Started) + Interlocked.Read(ref _interval.Started);

    public long Completed => Interlocked.Read(ref _total.Completed) + Interlocked.Read(ref _interval.Completed);

    public long LateStarts => Interlocked.Read(ref _total.Late) + Interlocked.Read(ref _interval.Late);

    /// <summary>The late starts whose arrival the scheduler itself handed off late.</summary>
    public long SchedulerLateStarts => Interlocked.Read(ref _total.SchedulerLate) + Interlocked.Read(ref _interval.SchedulerLate);

    public long Dropped => Interlocked.Read(ref _total.Dropped) + Interlocked.Read(ref _interval.Dropped);

    /// <summary>The dropped arrivals the generator may have caused: dropped while it was itself behind.</summary>
    public long DroppedWhileBehind => Interlocked.Read(ref _total.DroppedWhileBehind) + Interlocked.Read(ref _interval.DroppedWhileBehind);

    /// <summary>The generator's share of the machine in its busiest closed second, in percent (0 when not measured).</summary>
    public double CpuPeakPercent => Volatile.Read(ref _cpuPeakPercent);

    public long Errors => Interlocked.Read(ref _total.Errors) + Interlocked.Read(ref _interval.Errors);

    public long MaxInFlight => Interlocked.Read(ref _maxInFlight);

    public IReadOnlyList<StepMetrics> Steps
    {
        get
        {
            lock (_stepsLock)
            {
                return [.. _steps];
            }
        }
    }

    public IReadOnlyCollection<string> ExceptionSamples => _exceptionSamples;

    /// <summary>The step named <paramref name="name"/>, created on first use; journeys look their steps up once, not per request.</summary>
    public StepMetrics Step(string name)
    {
        lock (_stepsLock)
        {
            var step = _steps.Find(s => s.Name == name);
            if (step is null)
            {
                step = new StepMetrics(name);
                _steps.Add(step);
            }
            return step;
        }
    }

    public void ArrivalScheduled() => Interlocked.Increment(ref _interval.Scheduled);

    /// <summary>
    /// An arrival found every slot taken. <paramref name="generatorBehind"/>: the generator was itself behind then, so
    /// the slots may have been held by its own backlog rather than by the target.
    /// </summary>
    public void ArrivalDropped(bool generatorBehind)
    {
        Interlocked.Increment(ref _interval.Dropped);
        if (generatorBehind)
        {
            Interlocked.Increment(ref _interval.DroppedWhileBehind);
        }
    }

    /// <summary>How late the scheduler got to an arrival (handed off or dropped); the second's largest goes to the timeline.</summary>
    public void SchedulerLag(long lagMicros) => InterlockedMax(ref _intervalSchedulerLagMicros, lagMicros);

    /// <summary>The generator's share of the machine over the last second, in percent.</summary>
    public void GeneratorCpu(double percent)
    {
        if (percent > _cpuPeakPercent)
        {
            Volatile.Write(ref _cpuPeakPercent, percent);
        }
    }

    public void InFlight(long inFlight) => InterlockedMax(ref _maxInFlight, inFlight);

    /// <summary>How long after its scheduled time a journey began running (scheduler wake-up plus hand-off to a thread).</summary>
    public HistogramBase StartDelays() => _startDelays.GetIntervalHistogram();

    /// <summary>How long after its scheduled time the scheduler handed an arrival off (its own wake-up alone).</summary>
    public HistogramBase DispatchDelays() => _dispatchDelays.GetIntervalHistogram();

    public void ArrivalDispatched(long delayMicros) => _dispatchDelays.RecordValue(Math.Clamp(delayMicros, Latency.LowestMicros, Latency.HighestMicros));

    /// <param name="journey">Which journey of the mix.</param>
    /// <param name="delayMicros">How long after its scheduled time it began running.</param>
    /// <param name="late">Later than the late-start threshold.</param>
    /// <param name="schedulerLate">Late because the scheduler handed it off late (not only its wait for a thread).</param>
    public void JourneyStarted(int journey, long delayMicros, bool late, bool schedulerLate)
    {
        _startDelays.RecordValue(Math.Clamp(delayMicros, Latency.LowestMicros, Latency.HighestMicros));
        Interlocked.Increment(ref _journeys[journey].Started);
        Interlocked.Increment(ref _interval.Started);
        if (late)
        {
            Interlocked.Increment(ref _interval.Late);
            if (schedulerLate)
            {
                Interlocked.Increment(ref _interval.SchedulerLate);
            }
        }
    }

    public void JourneyFinished(int journey, bool failed, Exception? exception)
    {
        Interlocked.Increment(ref _journeys[journey].Completed);
        Interlocked.Increment(ref _interval.Completed);
        if (failed || exception is not null)
        {
            Interlocked.Increment(ref _journeys[journey].Failed);
        }
        if (exception is not null)
        {
            Interlocked.Increment(ref _journeys[journey].Exceptions);
            var sample = $"{JourneyNames[journey]}: {exception.GetType().Name}: {exception.Message}";
            if (_exceptionSamples.Count < MaxExceptionSamples && !_exceptionSamples.Contains(sample))
            {
                _exceptionSamples.Enqueue(sample);
            }
        }
    }

    /// <summary>Counts a request towards the run's totals; its latency goes to its step.</summary>
    public void RequestFinished(bool error)
    {
        Interlocked.Increment(ref _requests);
        if (error)
        {
            Interlocked.Increment(ref _interval.Errors);
        }
    }

    public long Requests => Interlocked.Read(ref _requests);

    public JourneyReport Journey(int index, double weight)
    {
        var counters = _journeys[index];
        return new JourneyReport(
            JourneyNames[index], weight,
            Interlocked.Read(ref counters.Started), Interlocked.Read(ref counters.Completed),
            Interlocked.Read(ref counters.Failed), Interlocked.Read(ref counters.Exceptions));
    }

    public long FailedJourneys => _journeys.Sum(j => Interlocked.Read(ref j.Failed));

    /// <summary>
    /// Ends second <paramref name="second"/> of the run: its figures become a timeline entry and are added to the
    /// totals. Called by one thread (the scheduler's), in order. With <paramref name="keepEmpty"/> false an entry in
    /// which nothing happened is left out of the timeline (the zero-length second after a run ending on a boundary).
    /// </summary>
    public TimelineSecond CloseSecond(int second, string phase, double targetRate, long inFlight, bool keepEmpty = true)
    {
        var counters = new IntervalCounters
        {
            Scheduled = Interlocked.Exchange(ref _interval.Scheduled, 0),
            Started = Interlocked.Exchange(ref _interval.Started, 0),
            Completed = Interlocked.Exchange(ref _interval.Completed, 0),
            Late = Interlocked.Exchange(ref _interval.Late, 0),
            SchedulerLate = Interlocked.Exchange(ref _interval.SchedulerLate, 0),
            Dropped = Interlocked.Exchange(ref _interval.Dropped, 0),
            DroppedWhileBehind = Interlocked.Exchange(ref _interval.DroppedWhileBehind, 0),
            Errors = Interlocked.Exchange(ref _interval.Errors, 0),
        };
        var schedulerLagMicros = Interlocked.Exchange(ref _intervalSchedulerLagMicros, 0);
        Interlocked.Add(ref _total.Scheduled, counters.Scheduled);
        Interlocked.Add(ref _total.Started, counters.Started);
        Interlocked.Add(ref _total.Completed, counters.Completed);
        Interlocked.Add(ref _total.Late, counters.Late);
        Interlocked.Add(ref _total.SchedulerLate, counters.SchedulerLate);
        Interlocked.Add(ref _total.Dropped, counters.Dropped);
        Interlocked.Add(ref _total.DroppedWhileBehind, counters.DroppedWhileBehind);
        Interlocked.Add(ref _total.Errors, counters.Errors);

        _secondAllSteps.Reset();
        var steps = new SortedDictionary<string, StepSecond>(StringComparer.Ordinal);
        foreach (var step in Steps)
        {
            var (latencies, errors) = step.CloseInterval();
            if (latencies.TotalCount > 0 || errors > 0)
            {
                _secondAllSteps.Add(latencies);
                steps[step.Name] = new StepSecond(
                    latencies.TotalCount, errors, Latency.PercentileMs(latencies, 50), Latency.PercentileMs(latencies, 99));
            }
        }
        var entry = new TimelineSecond(
            second, phase, Math.Round(targetRate, 3),
            counters.Scheduled, counters.Started, counters.Completed, counters.Errors, counters.Late, counters.Dropped, inFlight,
            Math.Round(schedulerLagMicros / 1000.0, 3), Latency.PercentileMs(_secondAllSteps, 50), Latency.PercentileMs(_secondAllSteps, 99), steps);
        _overload.Close(second, counters.Dropped - counters.DroppedWhileBehind, _secondAllSteps);
        var empty = steps.Count == 0 && counters.Scheduled + counters.Started + counters.Completed + counters.Dropped + counters.Errors == 0;
        if (keepEmpty || !empty)
        {
            _timeline.Add(entry);
            Latest = entry;
        }
        return entry;
    }

    /// <summary>The overload as run.json has it (see <see cref="OverloadReport"/>), from the seconds closed so far.</summary>
    public OverloadReport Overload(double askedArrivals, int maxConcurrency) => _overload.Report(_timeline, askedArrivals, maxConcurrency);

    private static void InterlockedMax(ref long location, long value)
    {
        var max = Interlocked.Read(ref location);
        while (value > max)
        {
            var seen = Interlocked.CompareExchange(ref location, value, max);
            if (seen == max)
            {
                return;
            }
            max = seen;
        }
    }

    private sealed class JourneyCounters
    {
        public long Started;
        public long Completed;
        public long Failed;
        public long Exceptions;
    }

    private struct IntervalCounters
    {
        public long Scheduled;
        public long Started;
        public long Completed;
        public long Late;
        public long SchedulerLate;
        public long Dropped;
        public long DroppedWhileBehind;
        public long Errors;
    }
}
