using HdrHistogram;

namespace Shop.LoadTest.Metrics;

/// <summary>
/// One kind of request (a step such as <c>checkout</c>): a lock-free latency recorder that any number of journeys
/// write to, status-code and error counters, and the whole run's histogram, which the timeline sampler adds each
/// second's interval into (the sampler is the only reader, on the scheduler's thread).
/// </summary>
public sealed class StepMetrics
{
    private const int StatusCodeSlots = 600;
    private readonly Recorder _recorder = Latency.NewRecorder();
    private readonly LongHistogram _total = Latency.NewHistogram();
    private readonly long[] _statusCounts = new long[StatusCodeSlots];
    private HistogramBase? _interval;
    private long _errors;
    private long _timeouts;
    private long _transportErrors;
    private long _intervalErrors;

    internal StepMetrics(string name) => Name = name;

    public string Name { get; }

    /// <summary>The run's latencies so far (up to the last closed second).</summary>
    public HistogramBase Total => _total;

    public long Errors => Interlocked.Read(ref _errors);

    public long Timeouts => Interlocked.Read(ref _timeouts);

    public long TransportErrors => Interlocked.Read(ref _transportErrors);

    /// <summary>Records one attempt; <paramref name="statusCode"/> is 0 when no answer came.</summary>
    public void Record(long latencyMicros, int statusCode, StepOutcome outcome)
    {
        _recorder.RecordValue(Math.Clamp(latencyMicros, Latency.LowestMicros, Latency.HighestMicros));
        if (statusCode is > 0 and < StatusCodeSlots)
        {
            Interlocked.Increment(ref _statusCounts[statusCode]);
        }
        switch (outcome)
        {
            case StepOutcome.Timeout:
                Interlocked.Increment(ref _timeouts);
                break;
            case StepOutcome.TransportError:
                Interlocked.Increment(ref _transportErrors);
                break;
            default:
                break;
        }
        if (outcome is StepOutcome.HttpError or StepOutcome.Timeout or StepOutcome.TransportError)
        {
            Interlocked.Increment(ref _errors);
            Interlocked.Increment(ref _intervalErrors);
        }
    }

    /// <summary>HTTP status codes answered, with counts.</summary>
    public IReadOnlyDictionary<string, long> StatusCodes()
    {
        var codes = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (var code = 0; code < StatusCodeSlots; code++)
        {
            var count = Interlocked.Read(ref _statusCounts[code]);
            if (count > 0)
            {
                codes[code.ToString(System.Globalization.CultureInfo.InvariantCulture)] = count;
            }
        }
        return codes;
    }

    /// <summary>
    /// Takes what was recorded since the last call, adds it to <see cref="Total"/> and returns it (valid until the
    /// next call) with the errors in it.
    /// </summary>
    internal (HistogramBase Latencies, long Errors) CloseInterval()
    {
        _interval = _recorder.GetIntervalHistogram(_interval);
        _total.Add(_interval);
        return (_interval, Interlocked.Exchange(ref _intervalErrors, 0));
    }
}
