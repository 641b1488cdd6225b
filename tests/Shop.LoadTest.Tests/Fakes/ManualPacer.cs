using Shop.LoadTest.Scheduling;

namespace Shop.LoadTest.Tests.Fakes;

/// <summary>
/// The scheduler's wait on a <see cref="ManualClock"/>: waiting moves the clock. Optionally stalls once, as a
/// generator descheduled by the operating system would: the first wait reaching past <paramref name="stallAt"/>
/// wakes <paramref name="stall"/> later than asked.
/// </summary>
public sealed class ManualPacer(ManualClock clock, TimeSpan? stallAt = null, TimeSpan? stall = null) : IPacer
{
    private bool _stalled;

    public void WaitUntil(long timestamp, CancellationToken cancellationToken)
    {
        if (!_stalled && stallAt is { } at && stall is { } length && timestamp >= at.Ticks)
        {
            _stalled = true;
            clock.AdvanceTo(Math.Max(timestamp, at.Ticks + length.Ticks));
            return;
        }
        clock.AdvanceTo(timestamp);
    }
}
