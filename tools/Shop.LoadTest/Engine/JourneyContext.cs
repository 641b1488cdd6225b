using Shop.LoadTest.Metrics;

namespace Shop.LoadTest.Engine;

/// <summary>
/// One arrival: the journey it runs, when it was due, and the measuring of its requests.
/// <para>
/// How latency is measured (no coordinated omission): the first request of a journey is timed from the arrival's
/// <em>scheduled</em> time, not from when the request went out, so a generator or thread pool that falls behind, a
/// full connection pool or a stalled server all show up as latency instead of silently delaying later arrivals. Each
/// later request of the same journey is timed from the moment the journey intended to send it: the end of the
/// previous request, or the end of a pause (<see cref="PauseAsync"/>) as scheduled, so a late timer counts too. A
/// journey is one user acting in sequence, so waiting for one answer before the next request is the user's
/// behaviour, not omission. Every attempt is recorded, failed ones included.
/// </para>
/// </summary>
public sealed class JourneyContext : IThreadPoolWorkItem
{
    private readonly LoadEngine _engine;
    private readonly int _journeyIndex;
    private readonly bool _handedOffLate;
    private SplitMix64 _random;
    private long _stepStart;

    internal JourneyContext(LoadEngine engine, int journeyIndex, long scheduledTimestamp, ulong seed, bool handedOffLate)
    {
        _engine = engine;
        _journeyIndex = journeyIndex;
        _handedOffLate = handedOffLate;
        ScheduledTimestamp = scheduledTimestamp;
        _stepStart = scheduledTimestamp;
        _random = new SplitMix64(seed);
    }

    /// <summary>When the arrival was due (a <see cref="TimeProvider"/> timestamp).</summary>
    public long ScheduledTimestamp { get; }

    /// <summary>A step of this journey failed; the journey counts as failed.</summary>
    public bool Failed { get; private set; }

    /// <summary>The run is ending (drain time is up or it was interrupted): stop before the next step.</summary>
    public bool StopRequested => _engine.Stopping;

    public TimeProvider Time => _engine.Time;

    public double NextDouble() => _random.NextDouble();

    public int NextInt(int maxExclusive) => _random.NextInt(maxExclusive);

    /// <summary>A random GUID from the journey's own generator (an Idempotency-Key), repeatable with the run's seed.</summary>
    public Guid NextGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, _random.Next());
        BitConverter.TryWriteBytes(bytes[8..], _random.Next());
        // Version 4, RFC 4122 variant, like Guid.NewGuid.
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    /// <summary>Marks the journey failed without a failed request (an answer it could not use).</summary>
    public void Fail() => Failed = true;

    /// <summary>
    /// Sends <paramref name="request"/> (and disposes it), reads the whole answer, and records the latency from the
    /// step's intended start to the last byte under <paramref name="step"/>. 2xx is a success,
    /// <paramref name="alsoExpected"/> an expected outcome, anything else, a timeout or a broken connection an error
    /// (which also marks the journey failed).
    /// </summary>
    public async ValueTask<StepResponse> SendAsync(StepMetrics step, HttpRequestMessage request, ResponseBody body = ResponseBody.Discard, int alsoExpected = 0)
    {
        var intendedStart = _stepStart;
        var status = 0;
        byte[]? content = null;
        StepOutcome outcome;
        _engine.WaitStarted();
        try
        {
            var timeout = _engine.Timeouts.Next();
            using var response = await _engine.Http.SendAsync(request, timeout);
            status = (int)response.StatusCode;
            if (body == ResponseBody.Read)
            {
                content = await response.Content.ReadAsByteArrayAsync(timeout);
            }
            else
            {
                await response.Content.CopyToAsync(Stream.Null, timeout);
            }
            outcome = status is >= 200 and < 300 ? StepOutcome.Success
                : status == alsoExpected ? StepOutcome.Expected
                : StepOutcome.HttpError;
        }
        catch (OperationCanceledException)
        {
            outcome = StepOutcome.Timeout;
        }
        catch (HttpRequestException)
        {
            outcome = StepOutcome.TransportError;
        }
        catch (IOException)
        {
            outcome = StepOutcome.TransportError;
        }
        finally
        {
            _engine.WaitEnded();
            request.Dispose();
        }
        var end = _engine.Time.GetTimestamp();
        _stepStart = end;
        step.Record(Latency.Micros(intendedStart, end, _engine.Time.TimestampFrequency), status, outcome);
        var result = new StepResponse(status, outcome, content);
        _engine.Metrics.RequestFinished(result.IsError);
        if (result.IsError)
        {
            Failed = true;
        }
        return result;
    }

    /// <summary>Waits (a user's think time, a poll interval); the next step is timed from when this pause was meant to end.</summary>
    public async ValueTask PauseAsync(TimeSpan pause)
    {
        var wake = _stepStart + (long)(pause.TotalSeconds * _engine.Time.TimestampFrequency);
        _engine.WaitStarted();
        try
        {
            await Task.Delay(pause, _engine.Time);
        }
        finally
        {
            _engine.WaitEnded();
        }
        _stepStart = wake;
    }

    void IThreadPoolWorkItem.Execute() => _ = RunAsync();

    /// <summary>Runs the journey; never throws (an exception is a failed journey, sampled for the report).</summary>
    internal async Task RunAsync()
    {
        var engine = _engine;
        var now = engine.Time.GetTimestamp();
        var late = now - ScheduledTimestamp > engine.LateStartTicks;
        engine.Metrics.JourneyStarted(_journeyIndex, Latency.Micros(ScheduledTimestamp, now, engine.Time.TimestampFrequency), late, late && _handedOffLate);
        Exception? exception = null;
        try
        {
            await engine.Mix.Journeys[_journeyIndex].RunAsync(this);
        }
        catch (Exception ex)
        {
            // A journey's bug or an answer it could not parse must not end the run; it is counted and sampled.
            exception = ex;
        }
        finally
        {
            engine.Metrics.JourneyFinished(_journeyIndex, Failed, exception);
            engine.JourneyEnded();
        }
    }
}
