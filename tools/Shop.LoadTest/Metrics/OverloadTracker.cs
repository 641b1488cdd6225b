using HdrHistogram;
using Shop.LoadTest.Reports;

namespace Shop.LoadTest.Metrics;

/// <summary>
/// Follows the seconds in which the target held every slot (arrivals dropped at the in-flight cap while the generator
/// was on schedule) and keeps the latencies around them: of the requests finished before the first such second, and
/// of those finished from the first to the last. Fed one closed second at a time, in order, by one thread.
/// </summary>
internal sealed class OverloadTracker
{
    private readonly LongHistogram _before = Latency.NewHistogram();
    private readonly LongHistogram _during = Latency.NewHistogram();

    // The seconds after the last overloaded one so far: they join the overload if another overloaded second follows.
    private readonly LongHistogram _sinceLast = Latency.NewHistogram();
    private long _dropped;
    private int _seconds;
    private int? _first;
    private int? _last;

    public long Dropped => _dropped;

    /// <summary>Second <paramref name="second"/> closed with <paramref name="droppedByTarget"/> arrivals dropped because the target held the slots.</summary>
    public void Close(int second, long droppedByTarget, HistogramBase latencies)
    {
        if (droppedByTarget > 0)
        {
            _dropped += droppedByTarget;
            _seconds++;
            _first ??= second;
            _last = second;
            _during.Add(_sinceLast);
            _sinceLast.Reset();
            _during.Add(latencies);
        }
        else if (_first is null)
        {
            _before.Add(latencies);
        }
        else
        {
            _sinceLast.Add(latencies);
        }
    }

    /// <summary>The overload as run.json has it; the recovery is read from the timeline after the last overloaded second.</summary>
    public OverloadReport Report(IReadOnlyList<TimelineSecond> timeline, double askedArrivals, int maxConcurrency)
    {
        double? before = _before.TotalCount > 0 ? Latency.PercentileMs(_before, 99) : null;
        if (_first is null)
        {
            return new OverloadReport(false, 0, 0, 0, null, null, null, before, null, maxConcurrency);
        }
        return new OverloadReport(
            true, _dropped, askedArrivals > 0 ? Math.Round(_dropped / askedArrivals, 5) : 0, _seconds, _first, _last,
            Latency.PercentileMs(_during, 99), before, RecoveredSecond(timeline, _last!.Value, before), maxConcurrency);
    }

    /// <summary>
    /// The first second after <paramref name="lastOverloaded"/> that starts a run of seconds with answers whose p99 is
    /// within <see cref="OverloadReport.RecoveryP99Factor"/> times the p99 before the overload, as long as
    /// <see cref="OverloadReport.RecoverySeconds"/> (or up to the end of the run, if that comes first). Seconds with
    /// no answer neither break nor extend a run: a quiet second says nothing about latency.
    /// </summary>
    public static int? RecoveredSecond(IReadOnlyList<TimelineSecond> timeline, int lastOverloaded, double? p99Before)
    {
        if (p99Before is not { } normal)
        {
            return null;
        }
        var limit = normal * OverloadReport.RecoveryP99Factor;
        int? candidate = null;
        var inARow = 0;
        foreach (var second in timeline.Where(s => s.Second > lastOverloaded && s.Steps.Count > 0))
        {
            if (second.P99Ms > limit)
            {
                candidate = null;
                inARow = 0;
                continue;
            }
            candidate ??= second.Second;
            if (++inARow >= OverloadReport.RecoverySeconds)
            {
                return candidate;
            }
        }
        return candidate;
    }
}
