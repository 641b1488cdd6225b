using System.Collections.Concurrent;
using System.Diagnostics;
using Shop.LoadTest.Metrics;

namespace Shop.LoadTest.Engine;

/// <summary>
/// Closes the timeline's seconds on a thread of its own. Closing a second reads every step's interval histogram
/// several times (tens of thousands of buckets behind a lock each in HdrHistogram's concurrent histograms: about
/// 10 ms), which on the scheduler's thread would make the arrival due at each second boundary start late. The
/// scheduler only hands the boundary over; the figures of a second may therefore include the first milliseconds of
/// the next. With <c>inline</c> (tests on a fake clock) seconds are closed on the caller's thread, exactly.
/// <para>
/// Its thread also measures the generator's own CPU, second by second on the real clock, for the peak share of the
/// machine in run.json: a mean over the whole run would hide a few seconds in which the generator was saturated.
/// </para>
/// </summary>
internal sealed class SecondCloser : IDisposable
{
    /// <summary>A window shorter than this (seconds closed in a burst after a stall) is merged into the next.</summary>
    private static readonly TimeSpan s_minimumCpuWindow = TimeSpan.FromMilliseconds(500);

    private readonly RunMetrics _metrics;
    private readonly BlockingCollection<Boundary>? _boundaries;
    private readonly Thread? _thread;

    public SecondCloser(RunMetrics metrics, bool inline)
    {
        _metrics = metrics;
        if (inline)
        {
            return;
        }
        _boundaries = [];
        _thread = new Thread(CloseAll) { IsBackground = true, Name = "load timeline" };
        _thread.Start();
    }

    public void Close(int second, string phase, double targetRate, long inFlight, bool keepEmpty)
    {
        var boundary = new Boundary(second, phase, targetRate, inFlight, keepEmpty);
        if (_boundaries is null)
        {
            Close(boundary);
        }
        else
        {
            _boundaries.Add(boundary);
        }
    }

    /// <summary>Returns once every second handed over has been closed.</summary>
    public void Complete()
    {
        _boundaries?.CompleteAdding();
        _thread?.Join();
    }

    public void Dispose()
    {
        Complete();
        _boundaries?.Dispose();
    }

    private void CloseAll()
    {
        var cpu = ProcessCpu.Used();
        var at = Stopwatch.GetTimestamp();
        foreach (var boundary in _boundaries!.GetConsumingEnumerable())
        {
            Close(boundary);
            var wall = Stopwatch.GetElapsedTime(at);
            if (wall >= s_minimumCpuWindow)
            {
                var used = ProcessCpu.Used();
                _metrics.GeneratorCpu((used - cpu) / (wall * Environment.ProcessorCount) * 100);
                cpu = used;
                at = Stopwatch.GetTimestamp();
            }
        }
    }

    private void Close(Boundary b) => _metrics.CloseSecond(b.Second, b.Phase, b.TargetRate, b.InFlight, b.KeepEmpty);

    private sealed record Boundary(int Second, string Phase, double TargetRate, long InFlight, bool KeepEmpty);
}
