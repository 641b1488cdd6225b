using System.Globalization;
using Shop.LoadTest.Engine;

namespace Shop.LoadTest.Progress;

/// <summary>What the live progress shows at one moment.</summary>
/// <param name="Label">What is running (<c>blackfriday</c>, <c>capacity 45/s</c>).</param>
/// <param name="Phase">Current phase, or <c>drain</c>.</param>
/// <param name="ElapsedSeconds">Seconds of the schedule done.</param>
/// <param name="TotalSeconds">Length of the schedule.</param>
/// <param name="TargetRate">Journeys per second asked for in the last second.</param>
/// <param name="AchievedRate">Journeys started in the last second.</param>
/// <param name="P99Ms">p99 over the requests that finished in the last second.</param>
/// <param name="Requests">Requests so far.</param>
/// <param name="Errors">Failed requests so far.</param>
/// <param name="InFlight">Journeys running now.</param>
/// <param name="LateStarts">Late starts so far.</param>
/// <param name="Dropped">Dropped arrivals so far.</param>
/// <param name="Draining">The schedule is over; journeys in flight are finishing.</param>
public sealed record ProgressSnapshot(
    string Label,
    string Phase,
    double ElapsedSeconds,
    double TotalSeconds,
    double TargetRate,
    double AchievedRate,
    double P99Ms,
    long Requests,
    long Errors,
    long InFlight,
    long LateStarts,
    long Dropped,
    bool Draining = false)
{
    public double RemainingSeconds => Math.Max(0, TotalSeconds - ElapsedSeconds);

    /// <summary>"35/240 s (205 s left)", or "240/240 s, draining 3 s" once the schedule is over.</summary>
    public string TimeText => Draining
        ? string.Create(CultureInfo.InvariantCulture, $"{TotalSeconds:0}/{TotalSeconds:0} s, draining {Math.Max(0, ElapsedSeconds - TotalSeconds):0} s")
        : string.Create(CultureInfo.InvariantCulture, $"{ElapsedSeconds:0}/{TotalSeconds:0} s ({RemainingSeconds:0} s left)");
}

/// <summary>
/// Where a run shows itself and the progress view looks: the run registers its engine, the view asks for a
/// snapshot whenever it redraws. Nothing is pushed from the scheduler's thread, so a slow terminal cannot slow it.
/// </summary>
public sealed class ProgressBoard
{
    private volatile Entry? _current;

    public void Show(string label, LoadEngine engine) => _current = new Entry(label, engine);

    public ProgressSnapshot? Snapshot()
    {
        if (_current is not { } entry)
        {
            return null;
        }
        var status = entry.Engine.Status;
        var metrics = entry.Engine.Metrics;
        var latest = metrics.Latest;
        return new ProgressSnapshot(
            entry.Label, status.Phase, status.ElapsedSeconds, status.TotalSeconds,
            latest?.TargetRate ?? 0, latest?.Started ?? 0, latest?.P99Ms ?? 0,
            metrics.Requests, metrics.Errors, entry.Engine.InFlight, metrics.LateStarts, metrics.Dropped, status.Draining);
    }

    private sealed record Entry(string Label, LoadEngine Engine);
}
