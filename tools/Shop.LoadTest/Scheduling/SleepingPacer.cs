namespace Shop.LoadTest.Scheduling;

/// <summary>
/// Waits by sleeping the scheduler's own thread in whole milliseconds, rounded up: arrivals due within the same
/// millisecond go out together as one batch, the thread never spins, and a start is at most about a millisecond
/// late (far under the late-start threshold). Sleeping a dedicated thread rather than awaiting a timer keeps the
/// schedule independent of a busy thread pool.
/// </summary>
public sealed class SleepingPacer(TimeProvider time) : IPacer
{
    /// <summary>Longest single sleep, so cancellation is noticed quickly during quiet phases.</summary>
    private static readonly TimeSpan s_maxSleep = TimeSpan.FromMilliseconds(50);

    public void WaitUntil(long timestamp, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = time.GetTimestamp();
            if (now >= timestamp)
            {
                return;
            }
            var remaining = time.GetElapsedTime(now, timestamp);
            var sleep = remaining < s_maxSleep ? remaining : s_maxSleep;
            Thread.Sleep((int)Math.Ceiling(sleep.TotalMilliseconds));
        }
    }
}
