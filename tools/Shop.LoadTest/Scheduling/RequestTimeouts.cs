namespace Shop.LoadTest.Scheduling;

/// <summary>
/// Per-request timeouts without a timer per request: requests started within the same slot (100 ms by default)
/// share one <see cref="CancellationTokenSource"/> that cancels itself <see cref="Timeout"/> after the slot opened.
/// A request therefore times out between <c>Timeout − slot</c> and <c>Timeout</c> after it started, and the hot
/// path allocates nothing.
/// </summary>
public sealed class RequestTimeouts : IDisposable
{
    private readonly TimeProvider _time;
    private readonly long _slotTicks;
    private readonly Lock _lock = new();
    private readonly Queue<CancellationTokenSource> _retired = new();
    private CancellationTokenSource _current;
    private long _currentSlot;
    private bool _disposed;

    public RequestTimeouts(TimeSpan timeout, TimeProvider time, TimeSpan? slot = null)
    {
        var slotLength = slot ?? TimeSpan.FromMilliseconds(100);
        if (timeout <= slotLength)
        {
            // A timeout shorter than a slot is a test setting: give every slot its exact timeout.
            slotLength = timeout / 4;
        }
        Timeout = timeout;
        _time = time;
        _slotTicks = Math.Max(1, (long)(slotLength.TotalSeconds * time.TimestampFrequency));
        _currentSlot = time.GetTimestamp() / _slotTicks;
        _current = new CancellationTokenSource(timeout, time);
    }

    public TimeSpan Timeout { get; }

    /// <summary>The token for a request starting now.</summary>
    public CancellationToken Next()
    {
        var slot = _time.GetTimestamp() / _slotTicks;
        if (slot == Volatile.Read(ref _currentSlot))
        {
            return Volatile.Read(ref _current).Token;
        }
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (slot > _currentSlot)
            {
                _retired.Enqueue(_current);
                // Disposing a source cancels nothing; only ones whose requests have all timed out are let go.
                while (_retired.Count > 0 && _retired.Peek().IsCancellationRequested)
                {
                    _retired.Dequeue().Dispose();
                }
                Volatile.Write(ref _current, new CancellationTokenSource(Timeout, _time));
                Volatile.Write(ref _currentSlot, slot);
            }
            return _current.Token;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _current.Dispose();
            while (_retired.Count > 0)
            {
                _retired.Dequeue().Dispose();
            }
        }
    }
}
