namespace Shop.LoadTest.Tests.Fakes;

/// <summary>
/// A clock that moves only when told to. Timers (Task.Delay, CancellationTokenSource timeouts) fire in due order
/// while it moves, each with the clock set to its due time, on the thread that moves it; so a whole run of the
/// engine happens deterministically and instantly.
/// </summary>
public sealed class ManualClock : TimeProvider
{
    private static readonly DateTimeOffset s_epoch = new(2025, 11, 28, 0, 0, 0, TimeSpan.Zero);
    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private long _now;
    private long _sequence;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Volatile.Read(ref _now);

    public override DateTimeOffset GetUtcNow() => s_epoch.AddTicks(GetTimestamp());

    public TimeSpan Elapsed => TimeSpan.FromTicks(GetTimestamp());

    public static long Ticks(double seconds) => (long)Math.Round(seconds * TimeSpan.TicksPerSecond);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    public void Advance(TimeSpan by) => AdvanceTo(GetTimestamp() + by.Ticks);

    /// <summary>Moves the clock to <paramref name="timestamp"/>, firing every timer due on the way.</summary>
    public void AdvanceTo(long timestamp)
    {
        while (true)
        {
            ManualTimer? next;
            lock (_lock)
            {
                next = _timers.Where(t => t.Due <= timestamp).OrderBy(t => t.Due).ThenBy(t => t.Sequence).FirstOrDefault();
                if (next is null)
                {
                    if (timestamp > _now)
                    {
                        Volatile.Write(ref _now, timestamp);
                    }
                    return;
                }
                if (next.Due > _now)
                {
                    Volatile.Write(ref _now, next.Due);
                }
                next.Fired();
            }
            next.Invoke();
        }
    }

    private void Schedule(ManualTimer timer, long due)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
            timer.Due = due;
            timer.Sequence = ++_sequence;
            _timers.Add(timer);
        }
    }

    private void Unschedule(ManualTimer timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class ManualTimer(ManualClock clock, TimerCallback callback, object? state) : ITimer
    {
        private long _period = -1;

        public long Due { get; set; }

        public long Sequence { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _period = period == Timeout.InfiniteTimeSpan ? -1 : period.Ticks;
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                clock.Unschedule(this);
            }
            else
            {
                clock.Schedule(this, clock.GetTimestamp() + dueTime.Ticks);
            }
            return true;
        }

        /// <summary>Called under the clock's lock: a one-shot timer leaves the queue, a periodic one moves on.</summary>
        public void Fired()
        {
            clock._timers.Remove(this);
            if (_period > 0)
            {
                Due += _period;
                Sequence = ++clock._sequence;
                clock._timers.Add(this);
            }
        }

        public void Invoke() => callback(state);

        public void Dispose() => clock.Unschedule(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
